/* EXPECT: D_XLATE_SOU at 2:12: struct later is not defined yet. */
translator struct later < int n >
{
	v = n;
};

struct later {
	int v;
};

BEGIN
{
	exit(0);
}
