/*
 * `&` of a kernel struct member is its address, typed: a char array's
 * is a char pointer (stringof reads it), a struct's a struct pointer.
 */
#pragma D option quiet

BEGIN
{
	printf("%s\n", stringof(&curthread->comm));
	printf("%d\n", *(&curthread->pid) == pid);
	printf("%d\n", (&curthread->thread_pid->numbers[0])->nr == pid);
	printf("%d\n", (uint64_t)&curthread->tgid - (uint64_t)curthread ==
	    offsetof(struct task_struct, tgid));
	exit(0);
}
