fbt::ksys_read:entry
/pid == $target && arg2 == 100/
{
	printf("read %d\n", arg2);
}
