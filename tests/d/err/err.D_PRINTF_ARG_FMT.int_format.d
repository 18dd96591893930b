/* EXPECT: D_PRINTF_ARG_FMT at 4:9: printf's format must be a string constant. */
BEGIN
{
	printf(123);
}
