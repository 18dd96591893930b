/* EXPECT: D_ADDROF_VAR at 5:8: an aggregation has no address. */
BEGIN
{
	@a = count();
	trace(&@a);
}
