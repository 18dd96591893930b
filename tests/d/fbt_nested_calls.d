fbt::ksys_read:entry,
fbt::vfs_read:entry
/pid == $target && arg2 == 1234/
{
	printf("-> %s\n", probefunc);
}

fbt::vfs_read:return,
fbt::ksys_read:return
/pid == $target && arg1 == 1234/
{
	printf("<- %s\n", probefunc);
}
