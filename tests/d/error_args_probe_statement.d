/* ERROR's arguments as Oracle DTrace passes them: the faulting probe's ID
   (BEGIN is 1), the statement (this script's second clause: 1), the fault
   and its address. */
#pragma D option quiet

ERROR
{
	printf("%d %d %d %d\n", arg1, arg2, arg4, arg5);
	exit(0);
}

BEGIN
{
	*(char *)NULL;
}
