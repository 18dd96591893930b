/* EXPECT: D_AGG_FUNC at 4:7: an aggregation is assigned a call. */
BEGIN
{
	@a = 1;
}
