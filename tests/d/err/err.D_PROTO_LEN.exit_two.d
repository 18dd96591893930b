/* EXPECT: D_PROTO_LEN at 4:2: exit() takes one argument, not two. */
BEGIN
{
	exit(0, 1);
}
