/* USAGE: rdtrace -s syscount.d   (Ctrl-C to stop, or -c CMD to trace while CMD runs) */
/*
 * syscount.d: system calls counted by call, printed at exit, most frequent
 * last: SYSCALL COUNT. syscount_pid.d counts them by process.
 */
#pragma D option quiet

dtrace:::BEGIN
{
	printf("Counting system calls... Hit Ctrl-C to end.\n");
}

syscall:::entry
{
	@calls[probefunc] = count();
}

dtrace:::END
{
	printf("%-22s %12s\n", "SYSCALL", "COUNT");
	printa("%-22s %@12d\n", @calls);
}
