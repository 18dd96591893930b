/* EXPECT: D_ALLOCA_SIZE at 6:6: more than scratchsize in one alloca(). */
#pragma D option scratchsize=512

BEGIN
{
	p = alloca(513);
}
