/* EXPECT: D_SYNTAX at 4:8: a binary operator needs a left operand. */
BEGIN
{
	trace(== 2);
}
