/* timestamp and walltimestamp are read once per clause, as in DTrace:
 * every use in a clause, its predicate included, sees the same value; the
 * next clause reads the clock again. Half of the hits pass the predicate
 * (an even timestamp); none of them may see an odd one in the body. */
#pragma D option quiet

fbt::vfs_read:entry
/pid == $target && timestamp % 2 == 0/
{
	n++;
	this->t = timestamp;
	this->w = walltimestamp;
	@odd = sum(timestamp % 2);
	@moved = sum(timestamp != this->t);
	@wall_moved = sum(walltimestamp != this->w);
	self->t = timestamp;
}

fbt::vfs_read:entry
/pid == $target && self->t/
{
	@stale = sum(timestamp <= self->t);
	self->t = 0;
}

END
{
	printf("hits %d\n", n > 20);
	printa("odd %@d\n", @odd);
	printa("moved %@d\n", @moved);
	printa("wall moved %@d\n", @wall_moved);
	printa("stale %@d\n", @stale);
}
