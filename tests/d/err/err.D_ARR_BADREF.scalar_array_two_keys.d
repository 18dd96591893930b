/* EXPECT: D_ARR_BADREF at 6:2: a scalar array given two indexes. */
int a[4];

BEGIN
{
	a[1, 2] = 3;
	exit(0);
}
