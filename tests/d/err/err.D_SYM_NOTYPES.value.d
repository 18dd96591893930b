/* EXPECT: D_SYM_NOTYPES at 4:8: a kernel variable's value has no type. */
BEGIN
{
	trace(`_stext);
}
