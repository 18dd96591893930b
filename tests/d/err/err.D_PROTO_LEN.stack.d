/* EXPECT: D_PROTO_LEN at 4:2: stack() takes at most one argument. */
BEGIN
{
	stack(1, 2);
}
