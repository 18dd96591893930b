/* EXPECT: D_PROTO_LEN at 4:8: strlen() takes one argument, not two. */
BEGIN
{
	trace(strlen("a", "b"));
}
