/* EXPECT: D_FREOPEN_INVALID at 4:10: output reopened on a directory. */
BEGIN
{
	freopen(".");
	exit(0);
}
