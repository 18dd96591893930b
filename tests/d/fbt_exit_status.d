fbt::ksys_read:entry
/pid == $target && arg2 == 1234/
{
	exit(5);
}
