/* EXPECT: D_PDESC_INVAL at 3:1: the second description of a clause is checked too. */
BEGIN,
fbt:a:b:c:d
{
	trace(1);
}
