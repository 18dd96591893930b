BEGIN
{
	printf("%d\n", 0x7fffffffffffffff + 1);
	exit(0);
}
