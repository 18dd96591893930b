/* EXPECT: D_KEY_TYPE at 4:4: an action as an aggregation key. */
BEGIN
{
	@[trace(1)] = count();
	exit(0);
}
