ksys_read:entry
/pid == $target && arg2 == 1234/
{
	printf("%s:%s\n", probeprov, probefunc);
}
