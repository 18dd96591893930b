/* EXPECT: D_DIV_ZERO at 4:15: a remainder by a product with zero. */
BEGIN
{
	trace(arg0 % (2 * 0));
}
