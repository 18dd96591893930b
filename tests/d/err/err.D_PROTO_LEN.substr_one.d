/* EXPECT: D_PROTO_LEN at 4:8: substr() takes two or three arguments. */
BEGIN
{
	trace(substr("abc"));
}
