/* EXPECT: D_PRINTA_AGGARG at 4:9: printa of a number, not an aggregation. */
BEGIN
{
	printa(123);
}
