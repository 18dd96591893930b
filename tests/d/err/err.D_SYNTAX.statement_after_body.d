/* EXPECT: D_SYNTAX at 6:6: statements belong inside the body. */
BEGIN
{
	trace(1);
}
trace(2);
