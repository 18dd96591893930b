#pragma D option quiet
struct point {
	int x;
	char tag;
	long y;
	char name[5];
};
union u { char c; long l; int i[3]; };
inline int LIMIT = 3;
BEGIN
{
	printf("%d %d %d %d %d\n", sizeof (struct point), offsetof(struct point, y),
	    offsetof(struct point, name), sizeof (union u), LIMIT);
	exit(0);
}
