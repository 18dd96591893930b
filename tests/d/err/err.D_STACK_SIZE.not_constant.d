/* EXPECT: D_STACK_SIZE at 4:8: stack()'s frame count is a constant. */
BEGIN
{
	stack(arg0);
}
