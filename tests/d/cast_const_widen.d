/* Casts of constants fold as DTrace folds them: narrower keeps the low
   bytes (zero-extended), wider sign-extends a signed source into the new
   width only. */
#pragma D option quiet

short s;
int i;
long long l;
unsigned int u;
unsigned long long ul;

BEGIN
{
	s = (short)(signed char)-1;
	i = (int)(signed char)-1;
	l = (long long)(signed char)-1;
	u = (unsigned int)(signed char)-1;
	ul = (unsigned long long)(unsigned int)-1;
	printf("%d %d %d %u %u\n", s, i, l, u, ul);
	l = (long long)(short)(unsigned char)-1;
	printf("%d %d\n", l, (unsigned char)-1);
	exit(0);
}
