/* With rawbytes, trace() of a struct is always a hex dump, even of
   bytes that spell a string. */
#pragma D option quiet
#pragma D option rawbytes

struct banner {
	char text[16];
};

BEGIN
{
	trace(*(struct banner *)&`linux_banner);
	exit(0);
}
