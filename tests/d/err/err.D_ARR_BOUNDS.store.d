/* EXPECT: D_ARR_BOUNDS at 6:4: a store is checked as a read is. */
long v[2];

BEGIN
{
	v[2] = 2;
	v[-1] = 2;
}
