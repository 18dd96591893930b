/* EXPECT: D_OFFSETOF_TYPE at 4:17: offsetof in a struct that does not exist. */
BEGIN
{
	trace(offsetof(struct nowhere, x));
	exit(0);
}
