/*
 * print() of a struct the script declares, in scratch memory: every kind
 * of member, those left zero not shown, a char array up to its NUL.
 */
#pragma D option quiet
enum mood { CALM = 0, HAPPY = 1, CROSS = 3 };
struct sample {
	int     n;
	char    tag[6];
	union {
		__u8 low;
		__u64 wide;
	} u;
	struct {
		void *ptr;
		uint64_t count;
	} inner;
	struct {
		int unused;
	} idle;
	bool flag;
	enum mood m;
	short list[3];
};
BEGIN
{
	s = (struct sample *)alloca(sizeof (struct sample));
	s->n = -7;
	s->tag[0] = 'o';
	s->tag[1] = 'k';
	s->tag[3] = 'x';
	s->u.wide = 0x1234;
	s->inner.ptr = (void *)0xfeedface;
	s->inner.count = 18446744073709551615;
	s->flag = 1;
	s->m = HAPPY;
	s->list[0] = 5;
	s->list[2] = -2;
	print(s);
	exit(0);
}
