/* errno, an int, is 0 on probes other than a system call's return. */
BEGIN
{
	printf("%d %d\n", errno, sizeof (errno));
	exit(0);
}
