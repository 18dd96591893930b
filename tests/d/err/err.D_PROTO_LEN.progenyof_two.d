/* EXPECT: D_PROTO_LEN at 4:8: progenyof() takes one pid. */
BEGIN
{
	trace(progenyof(1, 2));
}
