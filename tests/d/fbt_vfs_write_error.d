fbt::vfs_write:return
/pid == $target && arg1 < 0/
{
	printf("%d\n", arg1);
}
