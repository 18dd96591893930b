BEGIN
{
	pid + 1;
	strlen(execname);
	tracee(1);
	x = 1;
}
