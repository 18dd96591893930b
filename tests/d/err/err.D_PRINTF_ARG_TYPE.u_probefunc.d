/* EXPECT: D_PRINTF_ARG_TYPE at 4:17: %u of probefunc. */
BEGIN
{
	printf("%u\n", probefunc);
}
