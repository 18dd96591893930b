/* EXPECT: D_IDENT_UNDEF at 4:14: an unknown variable in ?:. */
BEGIN
{
	trace(pid ? nothing : 2);
}
