BEGIN
{
	printf("%s %d\n", execname, strlen(execname));
	exit(0);
}
