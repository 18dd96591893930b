/* EXPECT: D_PROTO_ARG at 4:15: strlen() takes a string. */
BEGIN
{
	trace(strlen(1));
}
