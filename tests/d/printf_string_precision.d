BEGIN
{
	printf("[%.2s]\n", "abcdef");
	exit(0);
}
