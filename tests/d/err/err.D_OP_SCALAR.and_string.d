/* EXPECT: D_OP_SCALAR at 4:8: && needs scalars. */
BEGIN
{
	trace(execname && 1);
}
