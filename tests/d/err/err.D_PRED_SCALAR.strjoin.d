/* EXPECT: D_PRED_SCALAR at 3:2: a string-valued subroutine as predicate. */
BEGIN
/strjoin("a", "b")/
{
	trace(1);
}
