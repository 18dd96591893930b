/* extern declarations of kernel symbols: any array shape, implicit int,
   prototypes and tags; they type nothing rdtrace uses, and change nothing. */
#pragma D option quiet
#pragma D attributes Stable/Stable/Common x

extern int a1[];
extern int a2[3][4], *a3[5][6][7];
extern counter;
extern unsigned long e1, e2;
extern struct undeclared_anywhere e3;
extern int (*handler)(int);
extern void f(int, char *);

int x;

BEGIN
{
	x = 3;
	printf("x=%d\n", x);
	exit(0);
}
