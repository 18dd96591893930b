/* EXPECT: D_PROTO_LEN at 4:2: tracemem() needs a size. */
BEGIN
{
	tracemem(arg0);
}
