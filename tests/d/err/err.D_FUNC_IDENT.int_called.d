/* EXPECT: D_FUNC_IDENT at 4:8: an integer cannot be called. */
BEGIN
{
	trace((1)(2));
}
