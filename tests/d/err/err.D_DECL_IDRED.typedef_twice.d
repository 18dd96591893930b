/* EXPECT: D_DECL_IDRED at 3:1: a typedef name defined twice. */
typedef int count_t;
typedef long count_t;

BEGIN
{
	exit(0);
}
