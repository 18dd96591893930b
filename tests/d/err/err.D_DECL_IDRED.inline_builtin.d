/* EXPECT: D_DECL_IDRED at 2:1: an inline takes a subroutine's name. */
inline int strlen = 3;

BEGIN
{
	trace(1);
}
