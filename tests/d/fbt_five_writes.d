fbt::ksys_write:entry
/pid == $target && arg2 == 7/
{
	printf("write %d\n", arg2);
}
