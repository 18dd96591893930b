/* USAGE: rdtrace -s killsnoop.d */
/*
 * killsnoop.d: signals sent with kill, tkill and tgkill, and their result:
 *   PID COMM SIG TPID RESULT; RESULT is 0 or the error (-ESRCH is -3).
 * Signal 0 is kill -0, the probe for a process's existence.
 */
#pragma D option quiet
#pragma D option switchrate=10hz

dtrace:::BEGIN
{
	printf("%-6s %-16s %4s %-6s %s\n", "PID", "COMM", "SIG", "TPID", "RESULT");
}

syscall::kill:entry, syscall::tkill:entry
{
	self->tpid = (int)arg0;
	self->sig = (int)arg1;
	self->live = 1;
}

syscall::tgkill:entry
{
	self->tpid = (int)arg1;
	self->sig = (int)arg2;
	self->live = 1;
}

syscall::kill:return, syscall::tkill:return, syscall::tgkill:return
/self->live/
{
	printf("%-6d %-16s %4d %-6d %d\n", pid, execname, self->sig, self->tpid, (int)arg1);
	self->tpid = 0;
	self->sig = 0;
	self->live = 0;
}
