/* EXPECT: D_OP_INT at 4:13: % of a string literal. */
BEGIN
{
	trace(10 % "3");
}
