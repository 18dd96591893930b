BEGIN
{
	printf("%d\n", (1 ? 2 : 3) + 4);
	exit(0);
}
