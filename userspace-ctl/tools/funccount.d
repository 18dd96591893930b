/* USAGE: rdtrace -s funccount.d 'FUNC-GLOB' [-c CMD]   e.g. rdtrace -s funccount.d 'vfs_*' */
/*
 * funccount.d: kernel function calls counted by function, printed at exit
 * (Ctrl-C, or when CMD ends): FUNC COUNT. $1 is an fbt function glob,
 * substituted into the probe description as dtrace does.
 */
#pragma D option quiet

dtrace:::BEGIN
{
	printf("Tracing %s... Hit Ctrl-C to end.\n", $$1);
}

fbt::$1:entry
{
	@calls[probefunc] = count();
}

dtrace:::END
{
	printf("%-36s %12s\n", "FUNC", "COUNT");
	printa("%-36s %@12d\n", @calls);
}
