/* EXPECT: D_DECL_TYPERED at 6:1: struct box is defined twice. */
struct box {
	int v;
};

struct box {
	long v;
};

BEGIN
{
	exit(0);
}
