BEGIN
{
	printf("%o\n", -1);
	exit(0);
}
