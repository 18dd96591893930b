/* EXPECT: D_OP_INCOMPAT at 5:6: x holds an integer. */
BEGIN
{
	x = 1;
	x = "one";
}
