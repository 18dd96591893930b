/* EXPECT: D_TRACEMEM_DYNSIZE at 4:21: the count shown is a number. */
BEGIN
{
	tracemem(arg0, 16, "8");
}
