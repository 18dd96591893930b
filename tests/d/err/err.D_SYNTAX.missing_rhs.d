/* EXPECT: D_SYNTAX at 4:11: a binary operator needs a right operand. */
BEGIN
{
	trace(1 +);
}
