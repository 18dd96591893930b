fbt::ksys_write:return
/pid == $target && arg1 == 1234/
{
	printf("%s:%s\n", probefunc, probename);
}
