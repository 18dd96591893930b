/*
 * d_path() of the files a command reads: a procfs file (a mount below the
 * root), a file in /tmp (an overlay mounted over the 9p root), that file
 * unlinked while still open, and a pipe (a name the kernel makes up).
 */
#pragma D option quiet

fbt::vfs_read:entry
/progenyof($target) && execname == "busybox"/
{
	printf("%s\n", d_path(&args[0]->f_path));
}
