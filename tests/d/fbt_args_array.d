fbt::ksys_read:entry
/pid == $target && args[2] == 1234/
{
	printf("%d %d\n", args[2], args[2] == arg2);
}
