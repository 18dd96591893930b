/* EXPECT: D_IDENT_UNDEF at 4:8: pdi is no variable. */
BEGIN
{
	trace(pdi);
}
