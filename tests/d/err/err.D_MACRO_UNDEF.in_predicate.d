/* EXPECT: D_MACRO_UNDEF at 3:9: $9 in a predicate with one argument given. */
BEGIN
/pid == $9/
{
	trace(1);
}
