/* EXPECT: D_IDENT_UNDEF at 4:17: an unknown variable as a printf argument. */
BEGIN
{
	printf("%d\n", tidd);
}
