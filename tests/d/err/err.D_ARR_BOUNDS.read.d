/* EXPECT: D_ARR_BOUNDS at 6:10: the last element is a[4]. */
int a[5];

BEGIN
{
	trace(a[5]);
}
