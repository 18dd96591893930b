/* EXPECT: D_PRINTF_ARG_TYPE at 4:10: D has no floating-point values. */
BEGIN
{
	printf("%5.2f\n", 1);
}
