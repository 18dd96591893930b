/* EXPECT: D_DECL_ARRBIG at 2:1: more elements than a dimension holds. */
int a[99999999999];

BEGIN
{
	exit(0);
}
