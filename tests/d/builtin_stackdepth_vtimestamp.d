/* stackdepth counts the kernel frames under the probe (vfs_read is called
 * from ksys_read, itself under the system call's entry: more than 2, and
 * within what any stack holds); vtimestamp is the thread's time on a CPU,
 * which only grows, no faster than the clock (give or take the two
 * clocks' 1 ms), from entry to return. timestamp is read outside
 * vtimestamp at both ends: a paused virtual CPU widens its span, not
 * vtimestamp's. */
#pragma D option quiet

fbt::vfs_read:entry
/pid == $target/
{
	self->depth = stackdepth;
	self->t = timestamp;
	self->v = vtimestamp;
}

fbt::vfs_read:return
/self->v/
{
	this->v = vtimestamp;
	this->t = timestamp;
	printf("depth %d %d\n", self->depth > 2, self->depth < 200);
	printf("vtime %d %d %d\n", this->v >= self->v, this->v - self->v <= this->t - self->t + 1000000, self->v > 0);
	self->v = 0;
	exit(0);
}

BEGIN
{
	printf("BEGIN depth %d\n", stackdepth == 0 || stackdepth < 200);
}
