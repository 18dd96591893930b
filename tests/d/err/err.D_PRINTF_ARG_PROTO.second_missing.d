/* EXPECT: D_PRINTF_ARG_PROTO at 4:13: the second %s without a value. */
BEGIN
{
	printf("%s %s\n", "a");
}
