/* EXPECT: D_PROTO_LEN at 4:2: trace() takes one argument, not two. */
BEGIN
{
	trace(1, 2);
}
