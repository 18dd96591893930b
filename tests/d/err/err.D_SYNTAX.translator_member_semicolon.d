/* EXPECT: D_SYNTAX at 9:1: each member's translation ends with `;`. */
struct box {
	int v;
};

translator struct box < int n >
{
	v = n
};

BEGIN
{
	exit(0);
}
