BEGIN
{
	printf("%ld %lld %lu %li\n", 1, 2, 3, 4);
	exit(0);
}
