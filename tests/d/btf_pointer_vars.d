/*
 * Variables keep kernel pointer types: a struct pointer in a thread-local
 * and an array member's address in a global are indexed as pointers, not
 * taken for associative arrays.
 */
#pragma D option quiet

BEGIN
{
	self->t = curthread;
	self->p = curthread->thread_pid->numbers;
	m = curthread->mm->cpu_bitmap;
	this->parent = self->t->parent;
	printf("%d %d\n", self->t->pid == pid, this->parent->pid == ppid);
	printf("%d %d\n", self->p[0].nr == pid, m[0] == curthread->mm->cpu_bitmap[0]);
	exit(0);
}
