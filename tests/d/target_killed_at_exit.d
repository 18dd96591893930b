/* A -c command still running when the script exits is killed, as dtrace
 * does: rdtrace ends now, not when sleep would (the runner's timeout
 * would fail this). */
BEGIN
{
	printf("target %d\n", $target > 0);
	exit(0);
}
