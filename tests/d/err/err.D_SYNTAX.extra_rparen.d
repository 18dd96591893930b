/* EXPECT: D_SYNTAX at 4:10: a closing parenthesis too many. */
BEGIN
{
	trace(1));
}
