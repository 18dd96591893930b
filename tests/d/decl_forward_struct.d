/* `struct s;` and `union u;` declare a type ahead of its definition, as in C. */
#pragma D option quiet

struct point;
union either;

struct point {
	int x;
	int y;
};

struct point p;

BEGIN
{
	p.x = 3;
	p.y = 4;
	printf("%d\n", p.x * p.y);
	exit(0);
}
