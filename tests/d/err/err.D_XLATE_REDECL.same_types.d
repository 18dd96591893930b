/* EXPECT: D_XLATE_REDECL at 11:12: a second translator from int to struct box. */
struct box {
	int v;
};

translator struct box < int n >
{
	v = n;
};

translator struct box < int m >
{
	v = m + 1;
};

BEGIN
{
	exit(0);
}
