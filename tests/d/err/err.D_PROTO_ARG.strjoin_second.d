/* EXPECT: D_PROTO_ARG at 4:21: strjoin()'s second argument is a string. */
BEGIN
{
	trace(strjoin("a", 2));
}
