/* The fleet test's outage run (tests/fleet/run): a record per write of
 * dd's while the link to the broker goes away and comes back. */
syscall::write:entry
/execname == "dd"/
{
	printf("%d\n", arg2);
	@writes = count();
}
