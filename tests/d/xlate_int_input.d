/* A translator from an integer: each member is an expression over the
   input, computed where it is used; xlate<T> gives the struct (`.`),
   xlate<T *> a pointer to it (`->`). */
#pragma D option quiet

struct powers {
	int n;
	long square;
	long cube;
};

translator struct powers < int x >
{
	n = x;
	square = (long)x * x;
	cube = (long)x * x * x;
};

BEGIN
{
	printf("%d %d %d\n", xlate < struct powers > (7).n,
	    xlate < struct powers > (7).square, xlate < struct powers * > (-3)->cube);
	i = 12;
	printf("%d\n", xlate<struct powers *>(i + 1)->square);
	exit(0);
}
