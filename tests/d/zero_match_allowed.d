fbt::rdtrace_no_such_function:entry
{
}

BEGIN
{
	exit(0);
}
