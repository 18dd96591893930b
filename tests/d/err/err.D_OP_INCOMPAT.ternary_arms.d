/* EXPECT: D_OP_INCOMPAT at 4:8: ?: arms of a string and an integer. */
BEGIN
{
	trace(1 ? "a" : 2);
}
