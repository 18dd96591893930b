/* EXPECT: D_TRACEMEM_SIZE at 4:17: zero bytes is no size. */
BEGIN
{
	tracemem(arg0, 0);
}
