/* EXPECT: D_OP_SCALAR at 5:6: a string cannot be incremented. */
BEGIN
{
	a = "boo";
	c = a++;
}
