/* EXPECT: D_SYNTAX at 4:10: %Z is no printf conversion. */
BEGIN
{
	printf("%Z\n", 1);
}
