char c;

BEGIN
{
	c = 127;
	c++;
	printf("%d\n", c);
	exit(0);
}
