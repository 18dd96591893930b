fbt::ksys_re?d:entry
/pid == $target && arg2 == 1234/
{
	printf("%s\n", probefunc);
}
