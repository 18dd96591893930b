/* EXPECT: D_TRACEMEM_SIZE at 4:17: the most bytes is a constant. */
BEGIN
{
	tracemem(arg0, arg1);
}
