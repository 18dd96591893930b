fbt::ksys_read:entry
/pid == $target && arg2 == 100/
{
	printf("read\n");
}

END
{
	printf("end\n");
}
