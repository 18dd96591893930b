/* EXPECT: D_IDENT_UNDEF at 4:8: an unknown variable inside an expression. */
BEGIN
{
	trace(foo + 1);
}
