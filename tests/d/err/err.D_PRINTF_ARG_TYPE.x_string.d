/* EXPECT: D_PRINTF_ARG_TYPE at 4:17: %x of a string. */
BEGIN
{
	printf("%x\n", "a");
}
