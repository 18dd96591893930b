/* EXPECT: D_PDESC_INVAL at 2:1: a probe description has at most four fields. */
a:b:c:d:e
{
	trace(1);
}
