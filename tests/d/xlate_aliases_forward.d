/* Typedef names for a translator's input and output, a struct defined
   in its typedef, and an input struct only declared (a forward tag):
   all declare translators, as DTrace allows. */
#pragma D option quiet

typedef struct point {
	int x;
	int y;
} point_t;

struct sum {
	long total;
};

typedef struct sum sum_t;

translator sum_t < point_t *p >
{
	total = p->x + p->y;
};

translator struct sum < struct never_defined *nd >
{
	total = 0;
};

translator struct sum < int n >
{
	total = n;
};

BEGIN
{
	printf("%d %d\n", xlate < sum_t > (41).total, sizeof (point_t));
	exit(0);
}
