/* EXPECT: D_DECL_ARRSUB at 2:7: a negative length. */
int a[-3];

BEGIN
{
	exit(0);
}
