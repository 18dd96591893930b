/* EXPECT: D_SYNTAX at 4:8: 0x needs hex digits. */
BEGIN
{
	trace(0x);
}
