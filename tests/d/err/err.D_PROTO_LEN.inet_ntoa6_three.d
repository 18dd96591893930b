/* EXPECT: D_PROTO_LEN at 4:8: inet_ntoa6() takes one or two arguments. */
BEGIN
{
	trace(inet_ntoa6(NULL, 1, 2));
}
