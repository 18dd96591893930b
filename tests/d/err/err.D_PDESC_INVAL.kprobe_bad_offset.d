/* EXPECT: D_PDESC_INVAL at 2:1: an offset is decimal, or hex after 0x. */
kprobe:vfs_read+x
{
	trace(arg0);
}
