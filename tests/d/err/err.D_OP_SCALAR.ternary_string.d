/* EXPECT: D_OP_SCALAR at 4:8: the condition of ?: must be a scalar. */
BEGIN
{
	trace(execname ? 1 : 2);
}
