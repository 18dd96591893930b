/* trace() of a struct shows its bytes as dtrace does: as text when they
   spell a string, else as a hex dump (a struct variable's bytes, and a
   struct in kernel memory alike). */
struct banner {
	char text[16];
};

struct timespec64 ts;

BEGIN
{
	trace(*(struct banner *)&`linux_banner);
}

BEGIN
{
	ts.tv_sec = 5;
	ts.tv_nsec = 0x41;
	trace(ts);
	exit(0);
}
