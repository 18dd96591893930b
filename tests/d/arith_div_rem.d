BEGIN
{
	printf("%d %d\n", 17 / 5, 17 % 5);
	exit(0);
}
