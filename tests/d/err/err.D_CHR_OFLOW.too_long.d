/* EXPECT: D_CHR_OFLOW at 4:8: a character constant of nine characters is too long. */
BEGIN
{
	trace('abcdefghi');
}
