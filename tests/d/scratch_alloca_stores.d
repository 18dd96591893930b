/* alloca() memory written through pointers: bcopy() of a string, stores
   to elements (compound ones too), 8-byte alignment. */
#pragma D option quiet

BEGIN
{
	s = (char *)alloca(8);
	bcopy("rdtrace", s, 8);
	s[0] = 'R';
	printf("%s %c %d\n", stringof(s), s[2], strlen(stringof(s)));
	p = (int *)alloca(4 * sizeof (int));
	p[0] = 1;
	p[3] = -4;
	p[1] += 41;
	*(p + 2) = p[0] + p[1];
	printf("%d %d %d %d\n", p[0], p[1], p[2], p[3]);
	x = alloca(1);
	y = alloca(1);
	printf("aligned %d\n", (uint64_t)y - (uint64_t)x);
	exit(0);
}
