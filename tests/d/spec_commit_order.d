/*
 * Speculations print when committed, in the order of the commits, and a
 * discarded one never prints; records before speculate() in another
 * clause are not speculative.
 */
#pragma D option quiet
#pragma D option nspec=3

BEGIN
{
	a = speculation();
	b = speculation();
	c = speculation();
	printf("ids %d %d %d\n", a, b, c);
}

BEGIN
{
	speculate(a);
	printf("first, into %d\n", a);
}

BEGIN
{
	speculate(b);
	printf("second, into %d\n", b);
	trace("(two records)\n");
}

BEGIN
{
	speculate(c);
	printf("third, into %d\n", c);
}

BEGIN
{
	printf("before the commits\n");
}

BEGIN
{
	commit(c);
	discard(b);
	commit(a);
	/* Already committed: ignored. */
	commit(c);
}

BEGIN
{
	/* Free again after the commits. */
	printf("reused %d\n", speculation());
	exit(0);
}
