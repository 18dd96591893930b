/* EXPECT: D_PRINTF_AGG_CONV at 4:16: %@ belongs to printa. */
BEGIN
{
	printf("total %@d\n", 3);
}
