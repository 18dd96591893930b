/* USAGE: rdtrace -s mallocsnoop.d -c CMD   (or -p PID) */
/*
 * mallocsnoop.d: one process's malloc calls as they return, through the
 * pid provider on its libc: TID SIZE ADDR (ADDR 0 when it failed), then
 * the sizes asked for as a power-of-two histogram when it ends (the end of
 * CMD or PID, or Ctrl-C).
 */
#pragma D option quiet
#pragma D option switchrate=10hz

dtrace:::BEGIN
{
	printf("%-8s %10s %s\n", "TID", "SIZE", "ADDR");
}

pid$target:libc:malloc:entry
{
	self->size = arg0;
	self->in = 1;
}

pid$target:libc:malloc:return
/self->in/
{
	printf("%-8d %10d 0x%x\n", tid, self->size, arg1);
	@sizes = quantize(self->size);
	self->in = 0;
}

dtrace:::END
{
	printf("\nmalloc sizes (bytes):\n");
	printa(@sizes);
}
