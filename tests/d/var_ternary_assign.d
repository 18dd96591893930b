BEGIN
{
	x = 4;
	y = x > 3 ? x * 2 : -1;
	printf("%d\n", y);
	exit(0);
}
