/* alloca() beyond scratchsize at run time: out of scratch space. */
#pragma D option quiet
#pragma D option scratchsize=64

BEGIN
{
	sz = 65;
	alloca(sz);
}

ERROR
{
	printf("error %d\n", arg4);
	exit(0);
}
