/* EXPECT: D_FUNC_UNDEF at 3:2: an unknown function in a predicate. */
BEGIN
/isroot()/
{
	trace(1);
}
