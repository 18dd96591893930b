BEGIN
{
	printf("%u\n", 0xffffffffffffffff);
	exit(0);
}
