/* EXPECT: D_OP_ARITH at 4:8: / needs arithmetic operands. */
BEGIN
{
	trace(execname / 2);
}
