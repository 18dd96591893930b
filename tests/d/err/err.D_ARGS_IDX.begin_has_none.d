/* EXPECT: D_ARGS_IDX at 4:13: BEGIN has no typed arguments. */
BEGIN
{
	trace(args[0]);
	exit(0);
}
