/* EXPECT: D_OP_INCOMPAT at 4:8: a string literal plus execname. */
BEGIN
{
	trace("a" + execname);
}
