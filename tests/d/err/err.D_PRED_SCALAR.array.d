/* EXPECT: D_PRED_SCALAR at 5:2: a whole array is no truth value. */
int seen[4];

BEGIN
/seen/
{
	exit(0);
}
