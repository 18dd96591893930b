/* EXPECT: D_CG_EXPR at 4:6: a stack is no value a variable can hold. */
BEGIN
{
	x = stack();
}
