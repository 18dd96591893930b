fbt::ksys_read:entry
/pid == $target && arg2 == $1/
{
	printf("%d\n", arg2);
}
