BEGIN
{
	printf("%d\n", strlen(strjoin(substr("abcdef", 1, 2), "xyz")));
	exit(0);
}
