/* EXPECT: D_OP_PTR at 4:8: arg0 is no struct pointer. */
BEGIN
{
	trace(arg0->x);
}
