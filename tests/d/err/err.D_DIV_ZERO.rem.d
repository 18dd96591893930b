/* EXPECT: D_DIV_ZERO at 4:13: remainder by a constant zero. */
BEGIN
{
	trace(10 % 0);
}
