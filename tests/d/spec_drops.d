/*
 * Speculation drops are counted and reported as dtrace words them: a
 * record that does not fit its 64-byte buffer (each of these takes 32),
 * and a speculation() that finds every speculation in use.
 */
#pragma D option quiet
#pragma D option nspec=2
#pragma D option specsize=64

BEGIN
{
	s = speculation();
	t = speculation();
	u = speculation();
	printf("%d %d %d\n", s, t, u);
}

BEGIN
{
	speculate(s);
	printf("%d\n", 1);
}

BEGIN
{
	speculate(s);
	printf("%d\n", 2);
}

BEGIN
{
	speculate(s);
	printf("%d\n", 3);
}

BEGIN
{
	commit(s);
}

BEGIN
{
	exit(0);
}
