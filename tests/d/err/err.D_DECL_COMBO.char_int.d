/* EXPECT: D_DECL_COMBO at 4:7: two base types in one. */
BEGIN
{
	x = (char int)1;
	exit(0);
}
