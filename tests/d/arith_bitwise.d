BEGIN
{
	printf("%d %d %d %d\n", 12 & 10, 12 | 10, 12 ^ 10, ~0);
	exit(0);
}
