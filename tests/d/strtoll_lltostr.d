/* lltostr() writes any base from 2 to 36 (octal after a 0, hexadecimal
   after 0x, other bases than ten unsigned) and strtoll() reads one back:
   blanks, a sign and base 16's 0x skipped, up to the first non-digit. */
#pragma D option quiet

BEGIN
{
	printf("%s %s %s %s %s %s\n", lltostr(255, 16), lltostr(0, 16),
	    lltostr(8, 8), lltostr(5, 2), lltostr(-42), lltostr(-1, 16));
	printf("%d %d %d %d %d %d\n", strtoll("  -42abc"), strtoll("0x1F", 16),
	    strtoll("777", 8), strtoll("zz", 36), strtoll(""), strtoll("+17", 10));
	this->s = lltostr(pid, 36);
	printf("%d\n", strtoll(this->s, 36) == pid);
	exit(0);
}
