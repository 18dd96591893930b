/* EXPECT: D_FUNC_IDKIND at 4:8: arg0 is a variable, not a function. */
BEGIN
{
	trace(arg0());
}
