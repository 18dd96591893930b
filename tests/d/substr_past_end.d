BEGIN
{
	printf("[%s]\n", substr("abc", 5));
	exit(0);
}
