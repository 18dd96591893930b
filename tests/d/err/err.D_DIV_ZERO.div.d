/* EXPECT: D_DIV_ZERO at 4:14: division by a constant zero. */
BEGIN
{
	trace(pid / 0);
}
