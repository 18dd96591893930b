/* EXPECT: D_OP_LVAL at 4:2: a literal is not assignable. */
BEGIN
{
	3 = 4;
}
