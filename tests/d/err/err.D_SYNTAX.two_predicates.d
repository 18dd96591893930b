/* EXPECT: D_SYNTAX at 4:1: a clause has at most one predicate. */
BEGIN
/1/
/2/
{
	trace(1);
}
