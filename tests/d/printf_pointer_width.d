/* DTrace's `?` flag: a pointer's width (16 columns) unless a width is
   written. */
#pragma D option quiet

BEGIN
{
	printf("|%?d|%-?x|%?x|\n", 42, 255, 0x1000);
	exit(0);
}
