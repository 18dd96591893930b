/*
 * Struct variables in every storage class: clause-local (this->),
 * thread-local (self->) and implicitly declared globals, copied between
 * each other whole and by nested member; an unset one reads as zeros.
 */
#pragma D option quiet

struct pair {
	int a;
	int b;
};

struct box {
	struct pair p;
	long id;
};

this struct pair tmp;
self struct box saved;
self struct box never;
BEGIN
{
	this->tmp.a = 1;
	this->tmp.b = 2;
	self->saved.p = this->tmp;
	self->saved.id = 77;
	copy = self->saved;
	inner = copy.p;
	printf("%d %d %d\n", copy.p.a, copy.p.b, copy.id);
	printf("%d %d\n", inner.a, inner.b);
	printf("%d %d\n", self->never.p.a, self->never.id);
}

BEGIN
{
	/* self-> ones stay for the thread's next firings */
	this->tmp.b = 40;
	printf("%d %d %d\n", this->tmp.b, self->saved.p.a, self->saved.id);
	exit(0);
}

