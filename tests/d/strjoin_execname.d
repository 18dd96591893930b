BEGIN
{
	printf("%s\n", strjoin(execname, "!"));
	exit(0);
}
