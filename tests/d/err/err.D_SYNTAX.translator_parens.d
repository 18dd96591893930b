/* EXPECT: D_SYNTAX at 6:23: the input goes in angle brackets. */
struct box {
	int v;
};

translator struct box (int n) {
	v = n;
};

BEGIN
{
	exit(0);
}
