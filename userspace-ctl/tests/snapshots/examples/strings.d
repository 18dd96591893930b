BEGIN
/execname != "sh"/
{
	trace(strlen(execname));
	trace(strjoin(execname, "-x"));
	trace(substr(execname, 1));
	printf("%s\n", execname == "bash" ? "yes" : "no");
	trace(probefunc >= "k");
	exit(0);
}
