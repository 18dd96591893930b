/* EXPECT: D_XLATE_MEMB at 9:2: struct box has no w. */
struct box {
	int v;
};

translator struct box < int n >
{
	v = n;
	w = n;
};

BEGIN
{
	exit(0);
}
