/* EXPECT: D_IDENT_UNDEF at 4:8: execnam is no variable. */
BEGIN
{
	trace(execnam);
}
