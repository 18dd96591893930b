/* EXPECT: D_DIV_ZERO at 4:15: division by 0x0. */
BEGIN
{
	trace(arg0 / 0x0);
}
