fbt::vfs_read:entry
{
	printf("%d %d %d %d %d %d\n", pid, tid, ppid, uid, gid, cpu);
	printf("%u %u %u %u %p %p\n", timestamp, walltimestamp, id, epid, caller, curthread);
	printf("%s:%s:%s:%s %s\n", probeprov, probemod, probefunc, probename, execname);
}
