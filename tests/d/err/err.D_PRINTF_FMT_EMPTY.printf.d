/* EXPECT: D_PRINTF_FMT_EMPTY at 4:9: printf's format is empty. */
BEGIN
{
	printf("");
	exit(0);
}
