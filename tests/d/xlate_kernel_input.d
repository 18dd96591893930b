/* A translator from the kernel's struct task_struct, as DTrace's own
   psinfo_t is made: a char array member takes a string. */
#pragma D option quiet

struct proc_info {
	int pid;
	int tid;
	char name[16];
	uintptr_t addr;
};

translator struct proc_info < struct task_struct *t >
{
	pid = t->tgid;
	tid = t->pid;
	name = t->comm;
	addr = (uintptr_t)t;
};

BEGIN
{
	p = xlate < struct proc_info * > (curthread);
	printf("%d %d %d\n", p->pid == pid, p->tid == tid,
	    p->addr == (uintptr_t)curthread);
	printf("%s %s\n", xlate < struct proc_info > (curthread).name, p->name);
	exit(0);
}
