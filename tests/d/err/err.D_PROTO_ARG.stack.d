/* EXPECT: D_PROTO_ARG at 4:8: stack()'s frame count is an integer. */
BEGIN
{
	stack("x");
}
