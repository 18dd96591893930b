/* EXPECT: D_PROTO_ARG at 4:14: ntohl() takes an integer. */
BEGIN
{
	trace(ntohl("x"));
}
