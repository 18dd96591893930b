/* Character constants of several characters are one integer, the first
   character in the highest byte, as in DTrace; \? is no escape there. */
#pragma D option quiet

BEGIN
{
	printf("%d %d %d %d\n", 'ab', '\?', 'a\bcdefgh' == 0x6108636465666768,
	    '\101\x42');
	printf("%c%c\n", 'xy', 'z');
	exit(0);
}
