/* EXPECT: D_DECL_PROTO_TYPE at 2:7: an associative array keyed by void. */
int a[void];

BEGIN
{
	exit(0);
}
