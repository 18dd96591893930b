/* EXPECT: D_CAST_INVAL at 4:11: an action cast. */
BEGIN
{
	x = (int)trace(2);
	exit(0);
}
