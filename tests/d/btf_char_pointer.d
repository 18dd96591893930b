/*
 * A kernel `char *` goes where a string does, as in DTrace: printf's %s
 * reads the string it points to, and == against a string (or another
 * char *) compares strings; against NULL it stays a pointer.
 */
#pragma D option quiet

fbt::begin_new_exec:entry
/pid == $target && args[0]->filename == "/bin/true"/
{
	printf("%s\n", args[0]->filename);
	printf("%d %d\n", args[0]->filename == args[0]->interp, args[0]->filename != NULL);
	exit(0);
}
