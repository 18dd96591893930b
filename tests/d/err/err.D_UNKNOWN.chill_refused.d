/* EXPECT: D_UNKNOWN at 6:2: chill() is refused as a whole; its nanoseconds are no printf format. */
#pragma D option destructive

BEGIN
{
	chill(1);
}
