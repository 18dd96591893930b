/* EXPECT: D_PROTO_LEN at 4:8: copyinstr() needs an address. */
BEGIN
{
	trace(copyinstr());
}
