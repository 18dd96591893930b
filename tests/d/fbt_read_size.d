fbt::ksys_read:entry
/pid == $target && arg2 == 1234/
{
	printf("%s read %d\n", execname, arg2);
}
