/* String escapes as DTrace decodes them: \0 ends the string, a backslash
   before any other character stays, \x takes every hex digit, and bytes
   above 0x7f are bytes. */
#pragma D option quiet

BEGIN
{
	s = "ab\0cd";
	printf("[%s] %d\n", s, strlen(s));
	printf("[%s]\n", "a\?b\'c\qd");
	printf("[%s]\n", "x\x41\101\x4a\t|");
	hi = "abc\xfa";
	lo = "abc\x0a";
	printf("%d %d %d %d\n", hi > lo, strlen(hi), hi == "abc\372", lo < hi);
	exit(0);
}
