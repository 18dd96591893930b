/* EXPECT: D_PRINTA_PROTO at 4:2: a format but no aggregation to print. */
BEGIN
{
	printa("%d\n");
}
