/* EXPECT: D_PROTO_LEN at 4:6: alloca() takes its size. */
BEGIN
{
	p = alloca();
}
