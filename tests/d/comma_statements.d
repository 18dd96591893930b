/*
 * C's comma operator joins expression statements: each runs, in order,
 * in a clause body and as an if's branch.
 */
BEGIN
{
	a = 1, b = a + 1, c = b * 3;
	if (c == 6)
		d = 4, e = d + c;
	printf("%d %d %d %d %d\n", a, b, c, d, e);
	exit(0);
}
