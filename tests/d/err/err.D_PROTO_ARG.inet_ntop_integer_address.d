/* EXPECT: D_PROTO_ARG at 4:27: inet_ntop() takes a pointer, not an integer. */
BEGIN
{
	trace(inet_ntop(AF_INET, arg0));
}
