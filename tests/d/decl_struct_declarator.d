/* A struct's declaration that also declares variables of it, and
   expressions thrown away with (void). */
struct pair {
	int a;
	long b;
} *p, *q;

BEGIN
{
	p = (struct pair *)0;
	q = p + 2;
	printf("%d %d %d\n", sizeof (struct pair), sizeof (*q), (long)q);
	(void)printf("void %d\n", 1);
	x = 3;
	(void)(x + 1);
	(void)x++;
	(void)(void)x++;
	printf("%d\n", x);
	exit(0);
}
