/* EXPECT: D_PRAGMA_OPTSET at 2:18: the module path is the command line's to set. */
#pragma D option modpath=/tmp

BEGIN
{
	exit(0);
}
