/* EXPECT: D_XLATE_SOU at 2:12: a translator makes a struct or union. */
translator long < int n >
{
};

BEGIN
{
	exit(0);
}
