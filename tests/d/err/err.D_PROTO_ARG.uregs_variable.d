/* EXPECT: D_PROTO_ARG at 5:14: uregs[] takes a constant register. */
BEGIN
{
	i = R_SP;
	trace(uregs[i]);
}
