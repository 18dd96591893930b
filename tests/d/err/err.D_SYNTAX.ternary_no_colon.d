/* EXPECT: D_SYNTAX at 4:13: ?: needs its colon. */
BEGIN
{
	trace(1 ? 2);
}
