/* EXPECT: D_SIZEOF_TYPE at 4:8: void has no size. */
BEGIN
{
	trace(sizeof(void));
	exit(0);
}
