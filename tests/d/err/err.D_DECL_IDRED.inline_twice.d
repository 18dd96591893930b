/* EXPECT: D_DECL_IDRED at 3:1: an inline is defined twice. */
inline int limit = 8;
inline int limit = 9;

BEGIN
{
	trace(limit);
}
