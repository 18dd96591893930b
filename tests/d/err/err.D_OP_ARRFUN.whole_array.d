/* EXPECT: D_OP_ARRFUN at 7:2: arrays are not assigned whole, as in C. */
int from[2];
int to[2];

BEGIN
{
	to = from;
}
