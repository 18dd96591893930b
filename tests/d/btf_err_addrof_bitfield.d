/* task_struct's in_execve is a bitfield: it has no address. */
BEGIN
{
	trace(&curthread->in_execve);
}
