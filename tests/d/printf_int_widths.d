BEGIN
{
	x = -1;
	printf("%x %u %d %hhd %hd\n", x, x, x, 257, 70000);
	exit(0);
}
