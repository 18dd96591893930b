/* EXPECT: D_STACK_SIZE at 4:8: stack() takes a positive frame count. */
BEGIN
{
	stack(0);
}
