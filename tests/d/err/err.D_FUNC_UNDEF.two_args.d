/* EXPECT: D_FUNC_UNDEF at 4:8: an unknown function with arguments. */
BEGIN
{
	trace(bar(1, 2));
}
