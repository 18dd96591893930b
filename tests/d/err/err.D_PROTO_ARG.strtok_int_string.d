/* EXPECT: D_PROTO_ARG at 4:15: a nonzero integer is not a string. */
BEGIN
{
	trace(strtok(7, " "));
}
