/*
 * The speculation idiom: trace every read(2) of the target tentatively
 * and keep only the ones that failed. dd's loader reads its libraries
 * (successes), then dd fails to read the directory "/", its standard
 * input, with EISDIR (21).
 */
#pragma D option quiet

syscall::read:entry
/pid == $target/
{
	self->spec = speculation();
	speculate(self->spec);
	printf("%s read fd %d", execname, arg0);
}

syscall::read:return
/self->spec/
{
	speculate(self->spec);
	printf(", errno %d\n", errno);
}

syscall::read:return
/self->spec && errno != 0/
{
	commit(self->spec);
	self->spec = 0;
}

syscall::read:return
/self->spec/
{
	discard(self->spec);
	self->spec = 0;
}
