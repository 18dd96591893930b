/* EXPECT: D_PROTO_ARG at 4:16: strjoin()'s first argument is a string. */
BEGIN
{
	trace(strjoin(1, "a"));
}
