BEGIN
{
	printf("[%s]\n", substr("hello", 0, 0));
	exit(0);
}
