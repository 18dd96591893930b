/*
 * A translated builtin that is a pointer in DTrace, cast to an integer:
 * curcpu is its CPU's number, curpsinfo its thread's address.
 */
#pragma D option quiet

BEGIN
{
	printf("%d %d\n", (int64_t)curcpu == cpu, (uintptr_t)curpsinfo == (uintptr_t)curthread);
	exit(0);
}
