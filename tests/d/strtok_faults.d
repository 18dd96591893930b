/* strtok(NULL, ...) with no string this firing, and a NULL delimiter
   string, fault at address 0 as in DTrace; the string does not outlive
   its probe firing (END goes on with nothing). */
BEGIN
{
	trace(strtok(NULL, ","));
}

BEGIN
{
	trace(strtok("a,b", NULL));
}

BEGIN
{
	printf("%s\n", strtok("first second", " "));
	exit(0);
}

END
{
	printf("%s\n", strtok(NULL, " "));
}

ERROR
{
	printf("error %d %d\n", arg4, arg5);
}
