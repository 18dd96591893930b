/* USAGE: rdtrace -s syscount_pid.d   (Ctrl-C to stop, or -c CMD to trace while CMD runs) */
/*
 * syscount_pid.d: system calls counted by process, printed at exit, the
 * busiest last: PID COMM COUNT. syscount.d counts them by call.
 */
#pragma D option quiet

dtrace:::BEGIN
{
	printf("Counting system calls... Hit Ctrl-C to end.\n");
}

syscall:::entry
{
	@calls[pid, execname] = count();
}

dtrace:::END
{
	printf("%-7s %-16s %12s\n", "PID", "COMM", "COUNT");
	printa("%-7d %-16s %@12d\n", @calls);
}
