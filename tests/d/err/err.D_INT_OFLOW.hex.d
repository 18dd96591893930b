/* EXPECT: D_INT_OFLOW at 4:8: 0x1 followed by 16 zeros does not fit in 64 bits. */
BEGIN
{
	trace(0x10000000000000000);
}
