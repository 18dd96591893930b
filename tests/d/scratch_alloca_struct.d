/* A struct in alloca() memory, written and read through its pointer. */
#pragma D option quiet

struct point {
	int x;
	char c;
	long y;
};

BEGIN
{
	this->p = (struct point *)alloca(sizeof (struct point));
	this->p->x = 7;
	this->p->c = 'z';
	this->p->y = -3;
	printf("%d %c %d %d\n", this->p->x, this->p->c, this->p->y, sizeof (struct point));
	exit(0);
}
