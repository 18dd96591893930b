/* EXPECT: D_KEY_TYPE at 4:4: translated data as an aggregation key. */
BEGIN
{
	@[curpsinfo] = count();
	exit(0);
}
