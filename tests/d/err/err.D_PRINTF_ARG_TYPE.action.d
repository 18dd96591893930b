/* EXPECT: D_PRINTF_ARG_TYPE at 4:17: printf()'s argument is an action. */
BEGIN
{
	printf("%d\n", exit(0));
}
