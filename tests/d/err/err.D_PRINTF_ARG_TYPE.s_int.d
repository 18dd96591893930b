/* EXPECT: D_PRINTF_ARG_TYPE at 4:17: %s of an integer. */
BEGIN
{
	printf("%s\n", 1);
}
