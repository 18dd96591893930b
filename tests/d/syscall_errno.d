/* A failing call: openat of a missing file returns -ENOENT, in arg0 and
   arg1, and errno is ENOENT. errno is 0 on other probes, even on a
   function returning an error. */
syscall::openat:entry
/pid == $target && basename(copyinstr(arg1)) == "rdtrace-nonexistent"/
{
	self->watch = 1;
}

fbt::do_sys_openat2:return
/self->watch/
{
	printf("fbt %d %d\n", (int)arg1, errno);
}

syscall::openat:return
/self->watch/
{
	printf("%d %d %d %s:%s:%s:%s\n", arg0, arg1, errno, probeprov, probemod,
	    probefunc, probename);
	self->watch = 0;
}
