/* EXPECT: D_TRACE_VOID at 4:8: an action has no value to trace. */
BEGIN
{
	trace(printf("x"));
	exit(0);
}
