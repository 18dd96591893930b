/* EXPECT: D_PRINTF_ARG_EXTRA at 4:17: a value for a format without conversions. */
BEGIN
{
	printf("hi\n", 1);
}
