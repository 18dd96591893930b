BEGIN
{
	printf("%s\n", execname == "rdtrace" ? "me" : "other");
	exit(0);
}
