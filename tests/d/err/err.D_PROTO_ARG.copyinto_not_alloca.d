/* EXPECT: D_PROTO_ARG at 5:20: copyinto() writes only into alloca() memory. */
BEGIN
{
	p = (char *)arg0;
	copyinto(arg1, 4, p);
}
