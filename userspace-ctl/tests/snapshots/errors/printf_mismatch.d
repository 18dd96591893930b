BEGIN
{
	printf("%s %d\n", pid, execname);
	printf("%d %d\n", 1);
	printf("%d\n", 1, 2);
}
