BEGIN
{
	printf("%d %d %d %d %d %d %d %d %d %d %s\n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "eleven");
	exit(0);
}
