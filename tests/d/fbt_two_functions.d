fbt::ksys_read:entry,
fbt::ksys_write:entry
/pid == $target && arg2 == 1234/
{
	printf("%s\n", probefunc);
}
