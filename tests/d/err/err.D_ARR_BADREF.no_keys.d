/* EXPECT: D_ARR_BADREF at 5:8: a is an array. */
BEGIN
{
	a["k"] = 2;
	trace(a);
}
