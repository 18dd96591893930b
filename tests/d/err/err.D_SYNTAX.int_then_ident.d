/* EXPECT: D_SYNTAX at 4:8: digits followed by letters are no number. */
BEGIN
{
	trace(12abc);
}
