BEGIN
{
	printf("%d\n", strlen(substr("abcdef", 2, 3)));
	exit(0);
}
