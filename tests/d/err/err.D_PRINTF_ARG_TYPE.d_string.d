/* EXPECT: D_PRINTF_ARG_TYPE at 4:17: %d of a string. */
BEGIN
{
	printf("%d\n", execname);
}
