/* EXPECT: D_CHR_NL at 4:8: a character constant needs its closing quote. */
BEGIN
{
	trace('a);
}
