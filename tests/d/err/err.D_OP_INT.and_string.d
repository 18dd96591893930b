/* EXPECT: D_OP_INT at 4:8: & needs integers. */
BEGIN
{
	trace(execname & 1);
}
