BEGIN
{
	printf("%s\n", substr(execname, 0, 2));
	exit(0);
}
