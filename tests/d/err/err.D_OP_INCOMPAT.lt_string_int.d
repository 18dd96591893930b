/* EXPECT: D_OP_INCOMPAT at 4:19: a string cannot be less than an integer. */
BEGIN
{
	trace(execname < 5);
}
