/* EXPECT: D_PRINTF_ARG_PROTO at 4:10: %d without a value. */
BEGIN
{
	printf("%d\n");
}
