/* EXPECT: D_IDENT_UNDEF at 4:8: the argument variables stop at arg9. */
BEGIN
{
	trace(arg10);
}
