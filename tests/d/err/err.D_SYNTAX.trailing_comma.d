/* EXPECT: D_SYNTAX at 4:10: an argument list cannot end with a comma. */
BEGIN
{
	trace(1,);
}
