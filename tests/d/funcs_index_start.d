/* index and rindex with a start position: index searches forward from
 * it (a negative start is 0), rindex backward (a negative start finds
 * nothing, a start past the end searches from the end). */
#pragma D option quiet

BEGIN
{
	s = "abcabcabc";
	printf("%d %d %d %d %d\n", index(s, "bc"), index(s, "bc", 2),
	    index(s, "bc", -5), index(s, "bc", 8), index(s, "", 4));
	printf("%d %d %d %d %d\n", rindex(s, "bc"), rindex(s, "bc", 6),
	    rindex(s, "bc", -1), rindex(s, "bc", 100), rindex(s, ""));
	printf("%d %d\n", index("", "a", 0), rindex("ab", "abc", 1));
	exit(0);
}
