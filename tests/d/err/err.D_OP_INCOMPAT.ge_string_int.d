/* EXPECT: D_OP_INCOMPAT at 4:20: a string cannot be compared with pid. */
BEGIN
{
	trace(execname >= pid);
}
