/* EXPECT: D_PROTO_ARG at 4:22: strtok() takes strings. */
BEGIN
{
	trace(strtok("a b", 32));
}
