/* EXPECT: D_PROTO_ARG at 4:7: exit() takes an integer. */
BEGIN
{
	exit("no");
}
