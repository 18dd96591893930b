/* EXPECT: D_PDESC_INVAL at 2:1: BEGIN has no fifth field. */
dtrace:::BEGIN:x
{
	trace(1);
}
