BEGIN
{
	printf("%d\n", strlen(strjoin("abc", "de")));
	exit(0);
}
