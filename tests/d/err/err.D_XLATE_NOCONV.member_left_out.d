/* EXPECT: D_XLATE_NOCONV at 14:8: the translator does not define b. */
struct pair {
	int a;
	int b;
};

translator struct pair < int n >
{
	a = n;
};

BEGIN
{
	trace(xlate < struct pair * > (1)->b);
}
