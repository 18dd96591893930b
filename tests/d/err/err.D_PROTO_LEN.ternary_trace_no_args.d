/* EXPECT: D_PROTO_LEN at 4:30: trace() without its argument in a ?: branch. */
BEGIN
{
	x = pid > 0 ? printf("a") : trace();
	exit(0);
}
