/* EXPECT: D_OP_INCOMPAT at 4:12: a string cannot be subtracted from an integer. */
BEGIN
{
	trace(1 - execname);
}
