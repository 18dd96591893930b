BEGIN
{
	printf("[%s]\n", substr("hello", 5));
	exit(0);
}
