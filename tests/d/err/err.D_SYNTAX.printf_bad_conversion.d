/* EXPECT: D_SYNTAX at 4:10: %y is no printf conversion. */
BEGIN
{
	printf("%y\n", 1);
}
