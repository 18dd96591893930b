/* EXPECT: D_INT_DIGIT at 4:8: 9 is no octal digit. */
BEGIN
{
	trace(0779);
}
