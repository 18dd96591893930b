/* EXPECT: D_MACRO_UNDEF at 4:8: $$2 with one macro argument given. */
BEGIN
{
	trace($$2);
}
