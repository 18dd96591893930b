/* EXPECT: D_OP_INCOMPAT at 5:15: void has no size to step by. */
void *p;
BEGIN
{
	trace((long)(p + 1));
}
