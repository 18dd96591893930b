/* EXPECT: D_PROTO_ARG at 4:7: exit() given an action. */
BEGIN
{
	exit(exit(0));
}
