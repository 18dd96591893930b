/* EXPECT: D_DECL_LOCASSC at 2:1: a clause-local associative array. */
this int a[int];

BEGIN
{
	trace(1);
}
