BEGIN
{
	printf("%d\n", -1 > 0u);
	exit(0);
}
