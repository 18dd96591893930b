/* EXPECT: D_SYNTAX at 4:9: a call needs its closing parenthesis. */
BEGIN
{
	trace(1;
}
