BEGIN
{
	printf("%s\n", substr("hello", 4, 10));
	exit(0);
}
