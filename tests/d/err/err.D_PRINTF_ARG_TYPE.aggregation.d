/* EXPECT: D_PRINTF_ARG_TYPE at 5:17: printf cannot print an aggregation. */
BEGIN
{
	@a = count();
	printf("%d\n", @a);
}
