/* EXPECT: D_TRUNC_AGGARG at 5:8: trunc of a variable. */
int i;
BEGIN
{
	trunc(i);
}
