/* EXPECT: D_PROTO_LEN at 5:2: copyinto() takes an address, a size and a destination. */
BEGIN
{
	p = alloca(4);
	copyinto(arg0, 4);
}
