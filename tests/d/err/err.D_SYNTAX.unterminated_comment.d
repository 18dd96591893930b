/* EXPECT: D_SYNTAX at 6:1: a comment needs its closing star-slash. */
BEGIN
{
	trace(1);
}
/* never closed
