/* EXPECT: D_FUNC_IDKIND at 4:2: execname called as an action. */
BEGIN
{
	execname();
}
