/* EXPECT: D_VAR_UNDEF at 4:2: x -= reads x, never assigned. */
BEGIN
{
	x -= exit(0);
}
