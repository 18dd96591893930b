/*
 * speculate() of 0 or of no speculation drops the rest of its clause,
 * silently; commit() and discard() of 0 or of an inactive speculation do
 * nothing; commit() beyond nspec is an illegal operation.
 */
#pragma D option quiet

BEGIN
{
	speculate(0);
	x = 1;
}

BEGIN
{
	speculate(-1);
	x = 2;
}

BEGIN
{
	commit(0);
	discard(1);
	commit(1);
}

BEGIN
{
	printf("x = %d\n", x);
}

BEGIN
{
	commit(7);
}

ERROR
{
	printf("fault %d in statement %d\n", arg4, arg2);
	exit(0);
}
