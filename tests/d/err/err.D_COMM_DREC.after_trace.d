/* EXPECT: D_COMM_DREC at 5:2: commit in a clause of its own. */
BEGIN
{
	trace(1);
	commit(1);
}
