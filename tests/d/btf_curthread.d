/*
 * curthread is the kernel's struct task_struct *, its members read with
 * their BTF types: integers, a char array as a string, pointers to other
 * structs, an array of structs, a struct through `*`.
 */
#pragma D option quiet

BEGIN
{
	printf("pid %d\n", curthread->pid == pid);
	printf("tgid %d\n", (*curthread).tgid == pid);
	printf("parent %d\n", curthread->parent->pid == ppid);
	printf("comm %s\n", curthread->comm);
	printf("stringof %s\n", stringof(curthread->comm));
	printf("execname %d\n", execname == curthread->comm);
	printf("numbers %d\n", curthread->thread_pid->numbers[0].nr == pid);
	printf("sizeof %d %d\n", sizeof(curthread->pid), sizeof(curthread->comm));
	trace(curthread->comm);
	exit(0);
}
