/*
 * A global struct variable: members of every integer width read and
 * written with each assignment operator, ++ and --, a nested struct and
 * an array member (printf %d shows a short as C's int), sizeof, and a
 * whole copy into a second variable.
 */
#pragma D option quiet

struct span {
	unsigned short lo;
	unsigned short hi;
};

struct sample {
	char kind;
	int count;
	long total;
	struct span range;
	short hist[4];
	uint8_t flags;
};

struct sample s;

BEGIN
{
	s.kind = 'k';
	s.count = 10;
	s.count += 5;
	s.count -= 3;
	s.count *= 4;
	s.count /= 6;
	s.count %= 5;
	s.count <<= 4;
	s.count >>= 1;
	s.count |= 1;
	s.count &= 0xff;
	s.count ^= 0x10;
	s.total = -1234567890123;
	s.total++;
	--s.total;
	s.range.lo = 65535;
	s.range.lo++;
	s.range.hi = 7;
	s.hist[0] = -2;
	s.hist[3] = 300;
	s.hist[3]--;
	s.flags = 0x1ff;
	printf("%c %d %d\n", s.kind, s.count, s.total);
	printf("%d %d %d %d %d\n", s.range.lo, s.range.hi, s.hist[0], s.hist[3], s.flags);
	printf("%d %d %d %d\n", sizeof (s), sizeof (s.range), sizeof (s.hist), sizeof (struct sample));
	t = s;
	s.count = 0;
	printf("%d %d %d\n", t.count, t.hist[3], s.count);
	exit(0);
}
