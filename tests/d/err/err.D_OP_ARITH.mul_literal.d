/* EXPECT: D_OP_ARITH at 4:12: * of a string literal. */
BEGIN
{
	trace(2 * "x");
}
