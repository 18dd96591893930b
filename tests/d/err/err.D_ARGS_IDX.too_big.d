/* EXPECT: D_ARGS_IDX at 4:13: args[] has ten entries at most. */
fbt::vfs_read:entry
{
	trace(args[99]);
}
