/* EXPECT: D_ADDROF_LVAL at 4:8: a literal has no address. */
BEGIN
{
	trace(&1);
}
