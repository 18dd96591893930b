/* $0 is the script's file as given to -s (a string, as DTrace's lexer makes
 * a macro that is not a number); $pgid and $sid are rdtrace's own process
 * group and session, which BEGIN (run in rdtrace's process) sees too. */
#pragma D option quiet

BEGIN
{
	printf("%s\n", $0);
	printf("pgid %d %d\n", $pgid > 0, curpsinfo->pr_pgid == $pgid);
	printf("sid %d\n", curpsinfo->pr_sid == $sid);
	exit(0);
}
