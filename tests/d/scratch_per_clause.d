/* Scratch lasts one clause: the next clause's alloca() gets the same
   address, and a pointer kept from before points past what it has. */
#pragma D option quiet

BEGIN
{
	s = (char *)alloca(1);
	*s = 'a';
}

BEGIN
{
	s2 = (char *)alloca(1);
	*s2 = 'b';
	printf("same %d %c\n", s == s2, *s);
}

BEGIN
{
	trace(*s);
}

ERROR
{
	printf("error %d %x\n", arg4, arg5);
	exit(0);
}
