/* EXPECT: D_PROTO_ARG at 4:18: a subroutine argument cannot be an action. */
BEGIN
{
	trace(progenyof(trace(1)));
}
