/* EXPECT: D_OP_INCOMPAT at 4:20: a string cannot differ from an integer. */
BEGIN
{
	trace(execname != 1);
}
