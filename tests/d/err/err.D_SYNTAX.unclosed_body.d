/* EXPECT: D_SYNTAX at 5:1: a clause body needs its closing brace. */
BEGIN
{
	trace(1);
