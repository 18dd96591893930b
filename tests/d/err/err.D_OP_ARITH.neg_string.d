/* EXPECT: D_OP_ARITH at 4:9: unary - needs an arithmetic operand. */
BEGIN
{
	trace(-execname);
}
