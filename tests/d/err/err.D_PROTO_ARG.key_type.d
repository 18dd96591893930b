/* EXPECT: D_PROTO_ARG at 5:8: a is keyed by a string. */
BEGIN
{
	a["k"] = 2;
	trace(a[3]);
}
