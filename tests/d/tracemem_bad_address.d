/* tracemem() of memory that cannot be read is an invalid address, the
   clause's records dropped, as any load's. */
#pragma D option quiet

BEGIN
{
	printf("not shown\n");
	tracemem(0xdead0000, 8);
}

BEGIN
{
	printf("shown\n");
	exit(0);
}
