/* EXPECT: D_OP_VFPTR at 5:2: a void pointer has no size to step by */
BEGIN
{
	this->p = alloca(16);
	this->p += 4;
	exit(0);
}
