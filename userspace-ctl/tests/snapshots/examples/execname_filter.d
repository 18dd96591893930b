fbt::ksys_read:entry
/execname == "cat" && arg2 >= 4096/
{
	trace(arg2);
}
