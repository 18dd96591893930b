fbt::ksys_read:entry
/pid == $target && arg2 == 1234/
{
	printf("entry %d\n", arg2);
}

fbt::ksys_read:return
/pid == $target && arg1 == 1234/
{
	printf("return %d\n", arg1);
}
