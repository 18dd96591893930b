/* EXPECT: D_PROTO_LEN at 4:2: trace() takes one argument. */
BEGIN
{
	trace();
}
