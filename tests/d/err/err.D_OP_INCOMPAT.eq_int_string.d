/* EXPECT: D_OP_INCOMPAT at 4:15: an integer cannot equal a string. */
BEGIN
{
	trace(pid == "x");
}
