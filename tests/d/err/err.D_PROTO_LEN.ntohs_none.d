/* EXPECT: D_PROTO_LEN at 4:8: ntohs() takes one argument. */
BEGIN
{
	trace(ntohs());
}
