BEGIN
/(pid > 0 ? 1 : 0)/
{
	printf("ok\n");
	exit(0);
}
