/* EXPECT: D_IDENT_UNDEF at 4:7: an unknown variable as exit's status. */
BEGIN
{
	exit(status);
}
