/* EXPECT: D_PROTO_LEN at 4:8: lltostr() takes a value and a base. */
BEGIN
{
	trace(lltostr(1, 2, 3));
}
