/* EXPECT: D_IDENT_UNDEF at 4:15: an unknown variable as a subroutine argument. */
BEGIN
{
	trace(strlen(name));
}
