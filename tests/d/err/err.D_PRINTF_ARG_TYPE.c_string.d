/* EXPECT: D_PRINTF_ARG_TYPE at 4:17: %c of a string. */
BEGIN
{
	printf("%c\n", "a");
}
