/* EXPECT: D_PROTO_LEN at 4:8: inet_ntop() takes the family and the address. */
BEGIN
{
	trace(inet_ntop(AF_INET));
}
