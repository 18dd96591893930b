/* EXPECT: D_OP_SCALAR at 4:9: ! needs a scalar. */
BEGIN
{
	trace(!execname);
}
