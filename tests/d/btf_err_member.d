/* A member struct task_struct does not have: D_MEMBER_NAME. */
#pragma D option quiet

BEGIN
{
	trace(curthread->nosuch);
}
