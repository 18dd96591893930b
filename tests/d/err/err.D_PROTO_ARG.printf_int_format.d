/* EXPECT: D_PROTO_ARG at 4:9: an integer format is a prototype mismatch, as Oracle DTrace tags it. */
BEGIN
{
	printf(123);
}
