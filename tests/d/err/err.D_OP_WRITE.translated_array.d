/* EXPECT: D_OP_WRITE at 4:2: curpsinfo is curthread translated, not memory to write. */
BEGIN
{
	curpsinfo->pr_fname[0] = 'x';
	exit(0);
}
