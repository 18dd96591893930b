fbt::do_exit:entry
/pid == $target/
{
	printf("exit code %d, status %d\n", arg0, arg0 >> 8);
}
