/* progenyof(): rdtrace itself, its parent and init are its ancestors
   (itself included); a pid that cannot exist is not. */
#pragma D option quiet

BEGIN
{
	printf("%d %d %d %d\n", progenyof($pid), progenyof($ppid), progenyof(1),
	    progenyof(0x7fffffff));
	exit(0);
}
