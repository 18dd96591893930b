/* EXPECT: D_DECL_ARRNULL at 2:6: neither a length nor key types. */
int a[];

BEGIN
{
	exit(0);
}
