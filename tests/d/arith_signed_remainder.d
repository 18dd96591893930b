/* A signed remainder has the sign of the quotient (Oracle's DTrace):
   negative when exactly one operand is; an unsigned one is plain. */
#pragma D option quiet

BEGIN
{
	a = 17; b = 4;
	printf("%d %d %d %d\n", a % b, a % -b, -a % b, -a % -b);
	printf("%d %d %d %d\n", a / b, a / -b, -a / b, -a / -b);
	printf("%d %d\n", a % -4, -a % 4);
	u = (unsigned long)17;
	printf("%u\n", u % 4);
	exit(0);
}
