/* USAGE: rdtrace -s opensnoop.d */
/*
 * opensnoop.d: file opens as they happen, with the descriptor or the error.
 *   PID COMM FD ERR PATH; FD is -1 and ERR the errno when the open failed.
 * The path is read at return, when the kernel has paged it in.
 */
#pragma D option quiet
#pragma D option switchrate=10hz

dtrace:::BEGIN
{
	printf("%-6s %-16s %4s %3s %s\n", "PID", "COMM", "FD", "ERR", "PATH");
}

syscall::open:entry, syscall::creat:entry
{
	self->path = arg0;
}

syscall::openat:entry, syscall::openat2:entry
{
	self->path = arg1;
}

syscall::open:return, syscall::creat:return, syscall::openat:return, syscall::openat2:return
/self->path/
{
	printf("%-6d %-16s %4d %3d %s\n", pid, execname, errno ? -1 : (int)arg1, errno,
	    copyinstr(self->path));
	self->path = 0;
}
