/*
 * The sched library's inlines, as DTrace's: the current CPU's chip and
 * locality group (one of each here) and processor set (none: -1).
 */
#pragma D option quiet

BEGIN
{
	printf("%d %d %d\n", chip, lgrp, pset);
	exit(0);
}
