/* EXPECT: D_DEREF_NONPTR at 4:9: arg0 is an integer. */
BEGIN
{
	trace(*arg0);
}
