/* EXPECT: D_PRINTF_ARG_FMT at 4:9: execname is no constant format. */
BEGIN
{
	printf(execname);
}
