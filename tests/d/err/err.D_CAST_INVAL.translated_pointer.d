/* EXPECT: D_CAST_INVAL at 13:8: a pointer to translated data is no address. */
struct box {
	int v;
};

translator struct box < int n >
{
	v = n;
};

BEGIN
{
	trace((uintptr_t)xlate < struct box * > (3));
}
