/* EXPECT: D_OP_WRITE at 4:2: pid is read-only. */
BEGIN
{
	pid = 3;
}
