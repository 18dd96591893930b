/* EXPECT: D_OP_SCALAR at 4:13: || needs scalars. */
BEGIN
{
	trace(1 || probefunc);
}
