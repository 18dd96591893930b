/*
 * freopen() sends what follows to a file, appended; freopen("") brings
 * the output back, and a file that cannot be opened leaves it where it
 * was; ftruncate() empties the file. Each takes effect where it stands in
 * the clause.
 */
#pragma D option quiet
#pragma D option destructive

BEGIN
{
	system("rm -f /tmp/rdtrace-freopen.7");
}

BEGIN
{
	printf("before\n");
	freopen("/tmp/rdtrace-freopen.%d", 7);
	printf("emptied by ftruncate\n");
	ftruncate();
	printf("into the file\n");
	freopen("");
	printf("after\n");
	freopen("/tmp/rdtrace-freopen.7");
	printf("appended\n");
}

BEGIN
{
	freopen("");
	system("cat /tmp/rdtrace-freopen.7");
}

BEGIN
{
	freopen("/nonexistent-dir/file");
	printf("still here\n");
	@counts["into the file at the end"] = count();
	freopen("/tmp/rdtrace-freopen.7");
	exit(0);
}
