/* $target without -c or -p is 0, as libdtrace defines it until a target exists. */
#pragma D option quiet

BEGIN
{
	printf("%d\n", $target);
	exit(0);
}
