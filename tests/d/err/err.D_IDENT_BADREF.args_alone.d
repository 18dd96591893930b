/* EXPECT: D_IDENT_BADREF at 4:8: args without an index. */
fbt::vfs_read:entry
{
	trace(args);
}
