BEGIN
{
	printf("%d %d %d\n", '\n', '\t', '\\');
	exit(0);
}
