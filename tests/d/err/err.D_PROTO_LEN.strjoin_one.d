/* EXPECT: D_PROTO_LEN at 4:8: strjoin() takes two arguments. */
BEGIN
{
	trace(strjoin("a"));
}
