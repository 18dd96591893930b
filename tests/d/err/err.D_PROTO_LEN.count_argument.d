/* EXPECT: D_PROTO_LEN at 4:2: count() takes no argument. */
BEGIN
{
	@c = count(1);
}
