BEGIN
{
	printf("%u\n", 0xffffffffffffffff / 2);
	exit(0);
}
