/* EXPECT: D_DIV_ZERO at 4:13: a divisor of 1 >> 1. */
BEGIN
{
	trace(10 / (1 >> 1));
}
