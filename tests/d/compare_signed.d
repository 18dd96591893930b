BEGIN
{
	printf("%d %d\n", -1 < 0, -5 > -6);
	exit(0);
}
