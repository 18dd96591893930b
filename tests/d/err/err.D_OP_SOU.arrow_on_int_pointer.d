/* EXPECT: D_OP_SOU at 6:8: `->` on a pointer to an int. */
#pragma D option quiet

BEGIN
{
	trace(((int *)8)->a);
}
