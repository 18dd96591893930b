fbt:vmlinux:ksys_read:entry
/pid == $target && arg2 == 1234/
{
	printf("%s\n", probefunc);
}
