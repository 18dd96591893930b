/* EXPECT: D_PRINTF_ARG_PROTO at 4:16: the third %d without a value. */
BEGIN
{
	printf("%d %d %d\n", 1, 2);
}
