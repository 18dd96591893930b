fbt::vfs_read:entry, fbt::vfs_write:entry
{
	trace(probefunc);
	trace(arg2);
}
