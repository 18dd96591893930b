/* EXPECT: D_PRED_SCALAR at 3:2: probefunc as predicate. */
BEGIN
/probefunc/
{
	trace(1);
}
