/*
 * raise(): the target's sleep takes SIGUSR1 from its own system call's
 * probe and dies of it (without the signal, sleep 20 outlasts the test's
 * timeout); the signal is sent once the probe is done.
 */
#pragma D option destructive
#pragma D option quiet

syscall::clock_nanosleep:entry, syscall::nanosleep:entry
/pid == $target/
{
	raise(SIGUSR1);
	printf("raised %d\n", SIGUSR1);
}
