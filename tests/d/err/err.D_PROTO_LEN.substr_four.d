/* EXPECT: D_PROTO_LEN at 4:8: substr() takes at most three arguments. */
BEGIN
{
	trace(substr("a", 1, 2, 3));
}
