/* EXPECT: D_PROTO_ARG at 4:15: d_path() takes a pointer, not a string. */
BEGIN
{
	trace(d_path("/etc/passwd"));
}
