/* EXPECT: D_OP_ACT at 4:20: an action as a branch of ?:. */
BEGIN
{
	x = pid > 0 ? 1 : trace(2);
	exit(0);
}
