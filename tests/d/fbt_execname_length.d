fbt::ksys_write:entry
/pid == $target && arg2 == 1234/
{
	printf("%d\n", strlen(execname));
}
