BEGIN
{
	printf("%5.2s|\n", "abc");
	exit(0);
}
