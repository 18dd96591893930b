BEGIN
{
	printf("%d %d %d\n", -(-5), +5, - 3);
	exit(0);
}
