/* EXPECT: D_FUNC_UNDEF at 4:6: an aggregation of a function that does not exist. */
BEGIN
{
	@ = tally();
	exit(0);
}
