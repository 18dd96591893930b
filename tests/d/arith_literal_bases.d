BEGIN
{
	printf("%d\n", 0x10 + 010 + 10);
	exit(0);
}
