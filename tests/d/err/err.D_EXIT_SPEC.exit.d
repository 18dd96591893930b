/* EXPECT: D_EXIT_SPEC at 5:2: a speculation cannot exit. */
BEGIN
{
	speculate(1);
	exit(0);
}
