/* A string indexed is its characters, as DTrace reads a string as a char
 * array: a global, a thread-local, a clause-local, an array element and a
 * builtin; past the end reads 0. */
#pragma D option quiet

BEGIN
{
	s = "hello";
	self->t = "thread";
	this->u = strjoin(s, "!");
	a[1] = "array";
	printf("%c%c %c %c %c %d %d\n", s[0], s[4], self->t[1], this->u[5], a[1][0], s[5], s[300]);
	printf("%c %d\n", execname[0], s[1] == 'e');
	exit(0);
}
