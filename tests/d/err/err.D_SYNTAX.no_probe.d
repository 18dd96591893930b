/* EXPECT: D_SYNTAX at 2:1: a clause starts with a probe description. */
{
	trace(1);
}
