/* EXPECT: D_ARR_BADREF at 5:8: a is keyed by one key. */
BEGIN
{
	a[1] = 2;
	trace(a[1, 2]);
}
