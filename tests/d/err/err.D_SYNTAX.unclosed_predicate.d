/* EXPECT: D_SYNTAX at 4:1: a predicate needs its closing slash. */
BEGIN
/pid == 1
{
	trace(1);
}
