/* EXPECT: D_DECL_CHARATTR at 4:7: long with char. */
BEGIN
{
	x = (long char)1;
	exit(0);
}
