BEGIN
{
	printf("%d %d\n", timestamp > 0, walltimestamp > 1500000000000000000);
	exit(0);
}
