/* USAGE: rdtrace -s execsnoop.d */
/*
 * execsnoop.d: programs as they start: UID PID PPID COMM ARGS, one line
 * per successful execve/execveat, printed at its return. ARGS are the new
 * program's first 8 arguments, read from its own memory (mm->arg_start);
 * "..." marks more.
 */
#pragma D option quiet
#pragma D option switchrate=10hz
#pragma D option strsize=256

dtrace:::BEGIN
{
	printf("%5s %6s %6s %-16s %s\n", "UID", "PID", "PPID", "COMM", "ARGS");
}

syscall::execve:return, syscall::execveat:return
/arg1 == 0/
{
	this->p = curthread->mm->arg_start;
	this->end = curthread->mm->arg_end;
	this->args = "";
	this->n = 0;
	while (this->p < this->end && this->n < 8) {
		this->a = copyinstr(this->p);
		this->args = this->n == 0 ? this->a : strjoin(this->args, strjoin(" ", this->a));
		this->p += strlen(this->a) + 1;
		this->n++;
	}
	printf("%5d %6d %6d %-16s %s%s\n", uid, pid, ppid, execname, this->args,
	    this->p < this->end ? " ..." : "");
}
