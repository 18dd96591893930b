BEGIN
{
	printf("%d\n", 0x7fffffffffffffff * 2);
	exit(0);
}
