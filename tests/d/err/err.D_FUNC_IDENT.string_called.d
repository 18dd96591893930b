/* EXPECT: D_FUNC_IDENT at 4:8: a string cannot be called. */
BEGIN
{
	trace("a"(1));
}
