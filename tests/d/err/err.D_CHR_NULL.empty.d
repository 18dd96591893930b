/* EXPECT: D_CHR_NULL at 4:8: a character constant cannot be empty. */
BEGIN
{
	trace('');
}
