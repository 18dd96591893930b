/* EXPECT: D_AGG_SPEC at 5:2: no aggregation after speculate. */
BEGIN
{
	speculate(1);
	@ = count();
}
