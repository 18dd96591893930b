/* EXPECT: D_AGG_FUNC at 4:6: trace() does not aggregate. */
BEGIN
{
	@ = trace(0);
	exit(0);
}
