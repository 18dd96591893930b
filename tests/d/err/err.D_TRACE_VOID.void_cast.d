/* EXPECT: D_TRACE_VOID at 5:8: a void expression has no value to trace. */
BEGIN
{
	x = 1;
	trace((void)x);
}
