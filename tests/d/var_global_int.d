BEGIN
{
	x = 3;
	x = x * 7;
	printf("%d\n", x);
	exit(0);
}
