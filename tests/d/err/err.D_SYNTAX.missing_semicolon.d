/* EXPECT: D_SYNTAX at 4:11: two statements need a `;` between them. */
BEGIN
{
	trace(1) trace(2);
}
