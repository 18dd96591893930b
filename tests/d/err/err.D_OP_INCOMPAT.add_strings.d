/* EXPECT: D_OP_INCOMPAT at 4:8: two strings cannot be added. */
BEGIN
{
	trace("a" + "b");
}
