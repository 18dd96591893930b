/* EXPECT: D_ALLOCA_SIZE at 6:2: copyin() of more than scratchsize. */
#pragma D option scratchsize=64

BEGIN
{
	copyin(arg0, 65);
}
