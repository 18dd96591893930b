/* EXPECT: D_PRED_SCALAR at 3:2: a string literal predicate. */
BEGIN
/"x"/
{
	trace(1);
}
