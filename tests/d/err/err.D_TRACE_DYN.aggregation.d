/* EXPECT: D_TRACE_DYN at 5:8: an aggregation is not a value. */
BEGIN
{
	@a = count();
	trace(@a);
	exit(0);
}
