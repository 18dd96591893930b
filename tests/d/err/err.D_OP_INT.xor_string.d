/* EXPECT: D_OP_INT at 4:12: ^ needs integers. */
BEGIN
{
	trace(1 ^ execname);
}
