/* EXPECT: D_OP_SOU at 6:8: `.` needs a struct, curthread points to one. */
#pragma D option quiet

BEGIN
{
	trace(curthread.pid);
}
