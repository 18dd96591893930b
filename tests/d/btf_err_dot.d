/* `.` on curthread, a pointer: D_OP_SOU. */
#pragma D option quiet

BEGIN
{
	trace(curthread.pid);
}
