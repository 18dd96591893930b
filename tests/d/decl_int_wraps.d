int x;

BEGIN
{
	x = 2147483647;
	x++;
	printf("%d\n", x);
	exit(0);
}
