/* EXPECT: D_AGG_MDIM at 4:6: an aggregation indexed twice. */
BEGIN
{
	@[0][1] = count();
	exit(0);
}
