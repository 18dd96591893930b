/* EXPECT: D_OP_ARITH at 4:7: an action negated. */
BEGIN
{
	x = -trace(2);
	exit(0);
}
