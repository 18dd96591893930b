BEGIN
{
	printf("begin\n");
}

fbt::ksys_read:entry
/pid == $target && arg2 == 1234/
{
	printf("read\n");
}

END
{
	printf("end\n");
}
