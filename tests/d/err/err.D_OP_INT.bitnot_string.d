/* EXPECT: D_OP_INT at 4:9: ~ needs an integer. */
BEGIN
{
	trace(~execname);
}
