/*
 * fbt's args[] take the traced function's parameter types from BTF:
 * vfs_read(struct file *, char *, size_t, loff_t *), so args[0] leads to
 * the file's name; arg0.. stay 64-bit integers.
 */
#pragma D option quiet

fbt::vfs_read:entry
/pid == $target && args[2] == 1234/
{
	printf("%s %d %d\n", stringof(args[0]->f_path.dentry->d_name.name),
	    args[0]->f_path.dentry->d_name.len, args[2]);
	printf("%d %d\n", args[0] == arg0, sizeof(args[2]));
	exit(0);
}
