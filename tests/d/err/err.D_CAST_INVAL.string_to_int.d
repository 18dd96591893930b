/* EXPECT: D_CAST_INVAL at 4:8: a string is no integer. */
BEGIN
{
	trace((int)"abc");
}
