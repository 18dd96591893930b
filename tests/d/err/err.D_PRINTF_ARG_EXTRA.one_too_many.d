/* EXPECT: D_PRINTF_ARG_EXTRA at 4:20: two values for one conversion. */
BEGIN
{
	printf("%d\n", 1, 2);
}
