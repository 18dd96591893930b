/* EXPECT: D_TRACEMEM_ADDR at 4:11: a string is not an address. */
BEGIN
{
	tracemem(execname, 16);
}
