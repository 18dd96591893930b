/* EXPECT: D_PDESC_INVAL at 3:1: a kretprobe fires on return, at no offset. */
BEGIN,
kretprobe:vfs_read+4
{
	trace(arg1);
}
