/* EXPECT: D_PRED_SCALAR at 3:2: a string predicate. */
BEGIN
/execname/
{
	trace(1);
}
