fbt::ksys_write:entry
/pid == $target && arg2 == 1234/
{
	printf("%s:%s:%s:%s\n", probeprov, probemod, probefunc, probename);
}
