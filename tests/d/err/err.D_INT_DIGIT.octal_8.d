/* EXPECT: D_INT_DIGIT at 4:8: 8 is no octal digit. */
BEGIN
{
	trace(08);
}
