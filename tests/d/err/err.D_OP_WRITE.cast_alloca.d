/* EXPECT: D_OP_WRITE at 4:2: a cast is no variable, even of alloca() memory. */
BEGIN
{
	*(int *)alloca(sizeof(int)) = 1;
	exit(0);
}
