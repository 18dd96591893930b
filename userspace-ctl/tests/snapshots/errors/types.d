BEGIN
/execname/
{
	trace(execname + 1);
	trace(pid == "x");
	exit("no");
	trace(strlen(1));
}
