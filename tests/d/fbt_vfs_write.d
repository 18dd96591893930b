fbt::vfs_write:entry
/pid == $target && arg2 == 1234/
{
	printf("%s %d\n", probefunc, arg2);
}
