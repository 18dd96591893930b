BEGIN
{
	printf("%d %d %d\n", pid > 0, ppid > 0, pid != ppid);
	exit(0);
}
