/* trace() of an array member is its bytes, as DTrace traces an array by
   value: text when they spell a string, else the hex dump; tracemem() of
   a char array member dumps the array. */
#pragma D option quiet

struct words {
	uint32_t w[2];
};

BEGIN
{
	trace(((struct words *)&`linux_banner)->w);
	printf("|\n");
	trace(curthread->cpus_mask.bits);
	printf("|\n");
	tracemem(curthread->comm, 16);
	exit(0);
}
