/* EXPECT: D_FUNC_IDKIND at 4:8: pid is a variable, not a function. */
BEGIN
{
	trace(pid(1));
}
