/* A copy or a store past what alloca() gave faults on the address. */
BEGIN
{
	s = (char *)alloca(8);
	bcopy("abc", s + 6, 4);
}

BEGIN
{
	s = (char *)alloca(8);
	s[8] = 1;
}

ERROR
{
	printf("error %d %x\n", arg4, arg5);
}

BEGIN
{
	exit(0);
}
