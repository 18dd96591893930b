fbt::ksys_write:entry
/pid == $target && arg2 == 1234/
{
	printf("%s wrote %d\n", execname, arg2);
}
