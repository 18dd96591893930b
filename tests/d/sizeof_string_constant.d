/*
 * sizeof a string constant is its characters and the NUL, as DTrace's
 * `char [n]`; a string variable's is strsize.
 */
#pragma D option strsize=32
BEGIN
{
	s = "hi";
	printf("%d %d %d %d\n", sizeof ("hi"), sizeof (""), sizeof ("a\tb"), sizeof (s));
	exit(0);
}
