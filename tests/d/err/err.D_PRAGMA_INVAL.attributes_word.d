/* EXPECT: D_PRAGMA_INVAL at 2:22: not a stability/stability/class triple. */
#pragma D attributes Stabel/Stable/Common x

int x;

BEGIN
{
	exit(0);
}
