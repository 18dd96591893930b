/* vtimestamp over many short system calls, some of them preempted: it
 * never goes back between a call's entry and its return, and never runs
 * ahead of the clock, give or take the clocks' 5 ms both ways: the time
 * since the scheduler's last update is read on this CPU's clock, and a
 * switch that follows a wakeup from another CPU may count it on that
 * CPU's view of this one's (one read in 200,000 went back, in one run of
 * six; one ran 1 ms ahead in a run beside another VM on a two-CPU host,
 * whose starved vCPUs' clocks drift apart). timestamp is read outside
 * vtimestamp at both ends, so a virtual CPU paused between the two reads
 * widens the clock's span, never vtimestamp's. */
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
	@back = sum(this->v + 5000000 < self->v);
	@ahead = sum(this->v > self->v + (this->t - self->t) + 5000000);
	self->v = 0;
}

END
{
	printa("reads %@d\n", @reads);
	printa("back %@d\n", @back);
	printa("ahead %@d\n", @ahead);
}
