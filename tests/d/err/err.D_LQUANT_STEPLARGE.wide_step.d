/* EXPECT: D_LQUANT_STEPLARGE at 4:25: a step wider than the range. */
BEGIN
{
	@ = lquantize(1, 2, 3, 4);
}
