/* EXPECT: D_SYNTAX at 4:10: a backslash outside a string is no token. */
BEGIN
{
	trace(1 \ 2);
}
