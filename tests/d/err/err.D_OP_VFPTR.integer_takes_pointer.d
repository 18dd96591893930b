/* EXPECT: D_OP_VFPTR at 6:2: an integer variable cannot take a pointer by -= */
int n;
BEGIN
{
	n = 1;
	n -= alloca(10);
	exit(0);
}
