/* EXPECT: D_SYNTAX at 4:12: two binary operators in a row. */
BEGIN
{
	trace(1 * / 2);
}
