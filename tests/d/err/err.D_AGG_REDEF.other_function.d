/* EXPECT: D_AGG_REDEF at 5:2: @a was a count(). */
BEGIN
{
	@a = count();
	@a = sum(1);
}
