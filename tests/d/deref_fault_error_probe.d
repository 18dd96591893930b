BEGIN
{
	trace(*(int *)8);
}

ERROR
{
	printf("error %d %d\n", arg4, arg5);
}

BEGIN
{
	exit(0);
}
