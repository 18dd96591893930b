/* EXPECT: D_IDENT_UNDEF at 4:8: D has no retval; the return value is arg1. */
fbt::vfs_read:return
{
	trace(retval);
}
