/* EXPECT: D_INT_OFLOW at 4:8: 2⟦64 does not fit in 64 bits. */
BEGIN
{
	trace(18446744073709551616);
}
