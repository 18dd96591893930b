/* EXPECT: D_MACRO_UNDEF at 4:8: $foo is no macro. */
BEGIN
{
	trace($foo);
}
