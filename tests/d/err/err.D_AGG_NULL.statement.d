/* EXPECT: D_AGG_NULL at 5:2: an aggregation statement without a function. */
BEGIN
{
	@a = count();
	@a;
	exit(0);
}
