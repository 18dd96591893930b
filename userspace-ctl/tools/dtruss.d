/* USAGE: rdtrace -s dtruss.d -c CMD | -p PID */
/*
 * dtruss.d: one process's system calls as they return, arguments decoded,
 * in dtruss's form: SYSCALL(args) = return, and Err#ERRNO when the call
 * failed (the return is then -1, as in dtruss). Paths are printed as
 * strings, other arguments in hex (the first three, as dtruss does). Only
 * the process $target is traced: every other process pays the predicate
 * and nothing more.
 */
#pragma D option quiet
#pragma D option switchrate=10hz
#pragma D option bufsize=4m

dtrace:::BEGIN
{
	printf("SYSCALL(args) \t\t = return\n");
}

syscall:::entry
/pid == $target/
{
	self->arg0 = arg0;
	self->arg1 = arg1;
	self->arg2 = arg2;
	self->arg3 = arg3;
	self->start = 1;
}

/* The result, dtruss's way: -1 and "Err#" with the errno on failure. */
syscall:::return
/self->start/
{
	this->ret = errno ? -1 : (long)arg1;
	this->err = errno ? "Err#" : "";
}

/* A path first. */
syscall::open:return, syscall::creat:return, syscall::stat:return,
syscall::lstat:return, syscall::access:return, syscall::execve:return,
syscall::unlink:return, syscall::mkdir:return, syscall::rmdir:return,
syscall::chdir:return, syscall::readlink:return, syscall::chmod:return,
syscall::chown:return, syscall::lchown:return, syscall::truncate:return,
syscall::statfs:return, syscall::chroot:return, syscall::mknod:return,
syscall::utimes:return
/self->start/
{
	printf("%s(\"%s\", 0x%X, 0x%X)\t\t = %d %s%d\n", probefunc,
	    copyinstr(self->arg0), self->arg1, self->arg2, this->ret, this->err, errno);
	self->start = 0;
}

/* Two paths. */
syscall::rename:return, syscall::link:return, syscall::symlink:return
/self->start/
{
	printf("%s(\"%s\", \"%s\")\t\t = %d %s%d\n", probefunc,
	    copyinstr(self->arg0), copyinstr(self->arg1), this->ret, this->err, errno);
	self->start = 0;
}

/* A directory descriptor, then a path. */
syscall::openat:return, syscall::openat2:return, syscall::newfstatat:return,
syscall::faccessat:return, syscall::faccessat2:return, syscall::unlinkat:return,
syscall::mkdirat:return, syscall::readlinkat:return, syscall::statx:return,
syscall::execveat:return, syscall::fchmodat:return, syscall::fchownat:return,
syscall::mknodat:return
/self->start/
{
	printf("%s(%d, \"%s\", 0x%X)\t\t = %d %s%d\n", probefunc, (int)self->arg0,
	    copyinstr(self->arg1), self->arg2, this->ret, this->err, errno);
	self->start = 0;
}

/* Everything else: three arguments in hex. */
syscall:::return
/self->start/
{
	printf("%s(0x%X, 0x%X, 0x%X)\t\t = %d %s%d\n", probefunc, self->arg0,
	    self->arg1, self->arg2, this->ret, this->err, errno);
	self->start = 0;
}
