fbt::vfs_*:entry, fbt:ext4:ext4_?et*:return, fbt::[ab]*_read:
{
	trace(probeprov);
	trace(probemod);
	trace(probename);
}
