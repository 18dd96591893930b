/* raise() of no signal there is: DTrace's illegal operation, at run time. */
#pragma D option destructive

BEGIN
{
	raise(65);
}

BEGIN
{
	exit(0);
}
