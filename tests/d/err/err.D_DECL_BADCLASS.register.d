/* EXPECT: D_DECL_BADCLASS at 2:1: a C storage class D has no use for. */
register int counter;

BEGIN
{
	exit(0);
}
