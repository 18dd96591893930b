/* vtimestamp over many short system calls, some of them preempted: it
 * never goes back between a call's entry and its return, and never runs
 * ahead of the clock (give or take the two clocks' 1 ms). timestamp is
 * read outside vtimestamp at both ends, so a virtual CPU paused between
 * the two reads widens the clock's span, never vtimestamp's. */
#pragma D option quiet

fbt::vfs_read:entry
/pid == $target && arg2 == 1/
{
	self->t = timestamp;
	self->v = vtimestamp;
}

fbt::vfs_read:return
/self->v/
{
	this->v = vtimestamp;
	this->t = timestamp;
	@reads = count();
	@back = sum(this->v < self->v);
	@ahead = sum(this->v > self->v + (this->t - self->t) + 1000000);
	self->v = 0;
}

END
{
	printa("reads %@d\n", @reads);
	printa("back %@d\n", @back);
	printa("ahead %@d\n", @ahead);
}
