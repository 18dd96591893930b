/* EXPECT: D_OP_LVAL at 4:4: ++ needs a variable. */
BEGIN
{
	++5;
}
