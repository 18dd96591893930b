/* EXPECT: D_PRINTF_DYN_TYPE at 4:19: a `.*` precision given a string. */
BEGIN
{
	printf("%.*d\n", "a", 1);
}
