/* EXPECT: D_FUNC_UNDEF at 4:8: strlenn is no subroutine. */
BEGIN
{
	trace(strlenn("a"));
}
