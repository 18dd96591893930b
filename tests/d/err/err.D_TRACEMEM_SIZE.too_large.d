/* EXPECT: D_TRACEMEM_SIZE at 4:17: more than a record holds. */
BEGIN
{
	tracemem(arg0, 65536);
}
