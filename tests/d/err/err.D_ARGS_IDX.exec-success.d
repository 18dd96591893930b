/* EXPECT: D_ARGS_IDX at 4:8: exec-success has no arguments. */
proc:::exec-success
{
	trace(args[0]);
}
