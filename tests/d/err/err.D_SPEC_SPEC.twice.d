/* EXPECT: D_SPEC_SPEC at 5:2: one speculate per clause. */
tick-1s
{
	speculate(1);
	speculate(2);
}
