/*
 * substr() as DTrace cuts: a negative length leaves that many bytes off
 * the end; a window starting before the string keeps what lies inside it.
 */
BEGIN
{
	printf("[%s] [%s] [%s]\n", substr("abcdefgh", 2, -1), substr("abcdefgh", 2, -10), substr("abcdefgh", 2));
	printf("[%s] [%s] [%s]\n", substr("abcde", -6, 3), substr("abcde", -7, 3), substr("abcde", -8, 3));
	printf("[%s] [%s]\n", substr("abcde", 9, 2), substr("abcde", -2));
	exit(0);
}
