/* EXPECT: D_PRINTF_ARG_TYPE at 4:23: the second argument's type is checked too. */
BEGIN
{
	printf("%d %d\n", 1, probename);
}
