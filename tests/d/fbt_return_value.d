fbt::ksys_read:return
/pid == $target && arg1 == 1234/
{
	printf("%s returned %d\n", probefunc, arg1);
}
