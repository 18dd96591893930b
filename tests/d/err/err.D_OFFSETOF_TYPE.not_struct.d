/* EXPECT: D_OFFSETOF_TYPE at 4:8: an int has no members. */
BEGIN
{
	trace(offsetof(int, x));
	exit(0);
}
