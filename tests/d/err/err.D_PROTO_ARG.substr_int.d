/* EXPECT: D_PROTO_ARG at 4:15: substr()'s first argument is a string. */
BEGIN
{
	trace(substr(1, 2));
}
