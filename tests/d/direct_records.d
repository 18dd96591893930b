/*
 * Clauses whose records the hit writes straight from a template (printf
 * of arguments, integer builtins and constants; no predicate, or one its
 * gate decides) beside clauses the general path runs, on one probe: the
 * records come out in clause order, as the general path writes them.
 */
#pragma D option quiet

BEGIN
{
	printf("direct %d %d\n", 1, arg0);
}

BEGIN
/arg0 == 0/
{
	printf("gated %d %d\n", arg1, 2);
}

BEGIN
/arg0 == 1/
{
	printf("never %d\n", arg1);
}

BEGIN
{
	printf("%s %d\n", "general", 3);
}

BEGIN
{
	printf("after the general path %d %d\n", 4, -1);
}

BEGIN
{
	exit(0);
}
