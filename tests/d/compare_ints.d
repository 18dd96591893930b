BEGIN
{
	printf("%d %d %d %d %d %d\n", 1 < 2, 2 < 1, 2 <= 2, 3 > 2, 2 >= 3, 4 == 4);
	exit(0);
}
