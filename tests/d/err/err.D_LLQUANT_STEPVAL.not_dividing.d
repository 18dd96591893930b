/* EXPECT: D_LLQUANT_STEPVAL at 4:30: 15 steps of factor 10. */
BEGIN
{
	@ = llquantize(1, 10, 0, 6, 15);
}
