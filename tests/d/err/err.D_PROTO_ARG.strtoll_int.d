/* EXPECT: D_PROTO_ARG at 4:16: strtoll() reads a string. */
BEGIN
{
	trace(strtoll(1));
}
