/* EXPECT: D_IDENT_BADREF at 5:8: x is a scalar. */
BEGIN
{
	x = 2;
	trace(x[1]);
}
