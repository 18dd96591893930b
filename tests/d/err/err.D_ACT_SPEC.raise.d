/* EXPECT: D_ACT_SPEC at 5:2: before -w is even looked at. */
BEGIN
{
	speculate(1);
	raise(9);
}
