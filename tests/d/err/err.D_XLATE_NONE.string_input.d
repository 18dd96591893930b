/* EXPECT: D_XLATE_NONE at 13:8: no translator from string to struct box. */
struct box {
	int v;
};

translator struct box < int n >
{
	v = n;
};

BEGIN
{
	trace(xlate < struct box > ("seven").v);
}
