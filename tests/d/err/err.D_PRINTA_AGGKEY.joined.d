/* EXPECT: D_PRINTA_AGGKEY at 6:31: aggregations joined with other key counts. */
BEGIN
{
	@one[1] = count();
	@two = count();
	printa("%d %@d %@d\n", @one, @two);
}
