/* EXPECT: D_OP_INCOMPAT at 3:14: a mismatched comparison in a predicate. */
BEGIN
/execname == 0x1/
{
	trace(1);
}
