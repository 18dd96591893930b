/* EXPECT: D_PROTO_LEN at 4:8: link_ntop() takes the type and the address. */
BEGIN
{
	trace(link_ntop(ARPHRD_ETHER));
}
