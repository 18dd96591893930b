/* EXPECT: D_PROTO_ARG at 4:22: substr()'s index is an integer. */
BEGIN
{
	trace(substr("abc", "1"));
}
