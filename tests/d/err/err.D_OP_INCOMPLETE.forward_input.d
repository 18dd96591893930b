/* EXPECT: D_OP_INCOMPLETE at 8:6: struct raw is only declared. */
struct box {
	int v;
};

translator struct box < struct raw *r >
{
	v = r->v;
};

BEGIN
{
	exit(0);
}
