/* EXPECT: D_PROTO_ARG at 4:15: copyinstr()'s maximum length is an integer. */
BEGIN
{
	copyinstr(1, "2");
}
