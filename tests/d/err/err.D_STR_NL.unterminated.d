/* EXPECT: D_STR_NL at 4:8: a string needs its closing quote. */
BEGIN
{
	trace("abc);
}
