/* EXPECT: D_PRINTF_ARG_PROTO at 5:9: one key, two key conversions. */
BEGIN
{
	@[1] = count();
	printa("%d %d\n", @);
	exit(0);
}
