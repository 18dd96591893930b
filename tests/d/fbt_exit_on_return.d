fbt::ksys_read:return
/pid == $target && arg1 == 1234/
{
	printf("got %d\n", arg1);
	exit(0);
}
