/* EXPECT: D_PDESC_INVAL at 2:1: +OFFSET is only for kprobe:FUNCTION+OFFSET. */
fbt::vfs_read+4:entry
{
	trace(arg0);
}
