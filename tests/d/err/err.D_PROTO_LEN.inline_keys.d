/* EXPECT: D_PROTO_LEN at 6:8: an inline's keys are counted as a call's arguments. */
inline int add[int a, int b] = a + b;

BEGIN
{
	trace(add[1]);
}
