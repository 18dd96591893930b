BEGIN
{
	printf("%s\n", substr(execname, 2));
	exit(0);
}
