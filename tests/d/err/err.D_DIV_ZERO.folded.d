/* EXPECT: D_DIV_ZERO at 4:14: a divisor that folds to zero. */
BEGIN
{
	trace(pid / (1 - 1));
}
