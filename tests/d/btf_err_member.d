/* A member struct task_struct does not have: D_TYPE_MEMBER. */
#pragma D option quiet

BEGIN
{
	trace(curthread->nosuch);
}
