/* USAGE: rdtrace -s funclatency.d 'FUNC-GLOB' [-c CMD]   e.g. rdtrace -s funclatency.d vfs_read */
/*
 * funclatency.d: a kernel function's latency, entry to return, as a
 * power-of-two histogram of nanoseconds per function, printed at exit.
 * $1 is an fbt function glob, substituted into the probe descriptions as
 * dtrace does. A glob whose functions call each other times the outermost.
 */
#pragma D option quiet

dtrace:::BEGIN
{
	printf("Tracing %s... Hit Ctrl-C to end.\n", $$1);
}

fbt::$1:entry
/self->depth++ == 0/
{
	self->ts = timestamp;
}

fbt::$1:return
/self->depth && --self->depth == 0 && self->ts/
{
	@ns[probefunc] = quantize(timestamp - self->ts);
	self->ts = 0;
}

dtrace:::END
{
	printf("%s latency (ns):\n", $$1);
	printa(@ns);
}
