fbt::ksys_write:return
/pid == $target && arg1 < 0/
{
	printf("%s returned %d\n", probefunc, arg1);
}
