fbt::ksys_write:entry
/execname == "dd" && arg2 == 1234/
{
	printf("%s\n", execname);
}
