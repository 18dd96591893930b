fbt::ksys_read:entry
/pid == $target && arg2 == 1234/
{
	printf("read fd %d\n", arg0);
}

fbt::ksys_write:entry
/pid == $target && arg2 == 1234/
{
	printf("write fd %d\n", arg0);
}
