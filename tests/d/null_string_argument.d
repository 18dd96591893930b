/* NULL (a constant 0) where a subroutine takes a string compiles, as in
   DTrace, and faults at address 0 when the string is read. */
#pragma D option quiet

BEGIN
{
	trace(strlen(NULL));
}

BEGIN
{
	trace(strjoin("a", 0));
}

ERROR
{
	printf("error %d %d\n", arg4, arg5);
}

BEGIN
{
	exit(0);
}
