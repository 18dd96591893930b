/* EXPECT: D_TRACEMEM_ARGS at 4:24: four arguments. */
BEGIN
{
	tracemem(arg0, 16, 8, 1);
}
