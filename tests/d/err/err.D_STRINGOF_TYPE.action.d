/* EXPECT: D_STRINGOF_TYPE at 4:17: an action has no value to convert. */
BEGIN
{
	trace(stringof(exit(0)));
}
