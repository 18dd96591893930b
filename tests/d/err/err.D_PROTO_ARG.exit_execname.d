/* EXPECT: D_PROTO_ARG at 4:7: exit() of execname. */
BEGIN
{
	exit(execname);
}
