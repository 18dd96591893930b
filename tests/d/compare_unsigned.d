BEGIN
{
	printf("%d\n", 0xffffffffffffffff > 0);
	exit(0);
}
