BEGIN
{
	printf("%d\n", 'a' == 97);
	exit(0);
}
