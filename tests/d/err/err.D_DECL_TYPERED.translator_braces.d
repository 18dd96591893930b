/* EXPECT: D_DECL_TYPERED at 6:23: the input in braces reads as a struct body. */
struct box {
	int v;
};

translator struct box { int n } {
	v = n;
};

BEGIN
{
	exit(0);
}
