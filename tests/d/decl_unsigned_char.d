unsigned char u;

BEGIN
{
	u = 255;
	u += 2;
	printf("%d\n", u);
	exit(0);
}
