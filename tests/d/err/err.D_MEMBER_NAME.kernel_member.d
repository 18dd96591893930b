/* EXPECT: D_MEMBER_NAME at 6:8: struct task_struct has no nosuch. */
#pragma D option quiet

BEGIN
{
	trace(curthread->nosuch);
}
