/* EXPECT: D_DREC_COMM at 6:3: exit records data too. */
BEGIN
{
	commit(1);
	if (1) {
		exit(0);
	}
}
