/* EXPECT: D_PROTO_LEN at 5:8: a is keyed by one key. */
BEGIN
{
	a[1] = 2;
	trace(a[1, 2]);
}
