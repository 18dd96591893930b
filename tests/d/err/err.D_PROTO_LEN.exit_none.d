/* EXPECT: D_PROTO_LEN at 4:2: exit() takes one argument. */
BEGIN
{
	exit();
}
