fbt::vfs_read:return
{
	trace(retval);
	trace(args[16]);
	trace(arg0 / 0);
}
