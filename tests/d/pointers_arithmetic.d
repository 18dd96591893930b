/* Pointer arithmetic moves by pointees: p + n, n + p, p - n, p - q, ++,
   += on int, char, long and pointer-to-pointer pointers. */
#pragma D option quiet

int *ip;
char *cp;
long *lp;
int **pp;

BEGIN
{
	ip = (int *)0x1000;
	cp = (char *)0x1000;
	lp = (long *)0x1000;
	pp = (int **)0x1000;
	printf("%x %x %x %x\n", (long)(ip + 1), (long)(cp + 1), (long)(lp + 1), (long)(pp + 1));
	printf("%x %x\n", (long)(3 + ip), (long)(ip - 2));
	printf("%d %d\n", (ip + 5) - ip, ip - (ip + 5));
	ip++;
	++lp;
	cp += 3;
	pp -= 1;
	printf("%x %x %x %x\n", (long)ip, (long)lp, (long)cp, (long)pp);
	exit(0);
}
