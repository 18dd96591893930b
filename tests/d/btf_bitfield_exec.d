/*
 * A bitfield of the kernel's task_struct: in_execve is set between
 * bprm_execve() and begin_new_exec(); begin_new_exec()'s args[0] is a
 * struct linux_binprm *, whose filename is the program exec'd.
 */
#pragma D option quiet

fbt::bprm_execve:entry
/pid == $target/
{
	printf("before: %d\n", curthread->in_execve);
}

fbt::begin_new_exec:entry
/pid == $target/
{
	printf("%s in_execve %d\n", stringof(args[0]->filename), curthread->in_execve);
	exit(0);
}
