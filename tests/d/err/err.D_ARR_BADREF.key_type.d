/* EXPECT: D_ARR_BADREF at 5:8: a is keyed by a string. */
BEGIN
{
	a["k"] = 2;
	trace(a[3]);
}
