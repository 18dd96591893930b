/* EXPECT: D_PROTO_LEN at 4:2: printf() needs a format. */
BEGIN
{
	printf();
}
