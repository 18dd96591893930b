/* EXPECT: D_IDENT_UNDEF at 3:2: an unknown variable in a predicate. */
BEGIN
/pidd == 1/
{
	trace(1);
}
