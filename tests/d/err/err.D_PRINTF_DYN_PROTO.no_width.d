/* EXPECT: D_PRINTF_DYN_PROTO at 4:13: a `*` width with no argument for it. */
BEGIN
{
	printf("%s %*d\n", "a");
}
