/*
 * At an fbt return probe args[1] is the return value with the function's
 * return type: vfs_read() returns an ssize_t.
 */
#pragma D option quiet

fbt::vfs_read:return
/pid == $target && args[1] == 1234/
{
	printf("%d %d %d\n", args[1], sizeof(args[1]), args[1] == arg1);
	exit(0);
}
