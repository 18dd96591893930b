/* EXPECT: D_SYNTAX at 4:15: parentheses must balance. */
BEGIN
{
	trace((1 + 2);
}
