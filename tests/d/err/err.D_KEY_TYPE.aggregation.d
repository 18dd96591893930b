/* EXPECT: D_KEY_TYPE at 5:4: an aggregation as a key. */
BEGIN
{
	@a = count();
	@[@a] = count();
}
