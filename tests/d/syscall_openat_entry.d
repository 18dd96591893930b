/* A system call's arguments on entry: openat's dirfd (an int, hence the
   cast) and path; the probe's names as DTrace gives them (no module). */
syscall::openat:entry
/pid == $target && copyinstr(arg1) == "/etc/hostname"/
{
	printf("%s %d %s:%s:%s:%s\n", copyinstr(arg1), (int)arg0, probeprov,
	    probemod, probefunc, probename);
}
