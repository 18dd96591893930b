/* EXPECT: D_UNKNOWN at 6:9: no struct nosuch, in D or the kernel. */
#pragma D option quiet

BEGIN
{
	trace((struct nosuch *)0);
}
