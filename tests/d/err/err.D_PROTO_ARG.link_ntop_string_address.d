/* EXPECT: D_PROTO_ARG at 4:32: link_ntop()'s address is a pointer. */
BEGIN
{
	trace(link_ntop(ARPHRD_ETHER, "00:11"));
}
