/* EXPECT: D_PROTO_ARG at 4:13: args indexed by a string. */
fbt::vfs_read:entry
{
	trace(args["a"]);
}
