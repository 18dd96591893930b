/* EXPECT: D_PDESC_INVAL at 2:1: kprobe needs a function. */
kprobe:+4
{
	trace(arg0);
}
