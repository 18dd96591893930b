/*
 * Kernel memory cannot be written: a store into curthread's comm is
 * refused at compile time (D_OP_WRITE), as DTrace refuses it, not left to
 * fault in probe context.
 */
#pragma D option quiet

BEGIN
{
	curthread->comm[0] = 'x';
}
