// SPDX-License-Identifier: GPL-2.0
/*
 * raise(sig): DTrace's destructive action, a signal to the thread the
 * probe fired in. A probe may fire with interrupts off, under the very
 * locks signal delivery takes (siglock, the runqueue's; both are held
 * with interrupts off), or in NMI, so the signal is never sent from the
 * probe: it takes a reference on the thread and queues an irq_work on
 * this CPU, which sends the signal as soon as interrupts are on again
 * (as BPF's bpf_send_signal does when interrupts are off, and as DTrace
 * posts it on the way back to user mode). One signal per CPU may wait;
 * another meanwhile is refused (-EBUSY). Everything here is notrace.
 */
#include <linux/irq_work.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "raise.h"

struct rdtrace_raise_work {
	struct irq_work work;
	struct task_struct *task;
	int sig;
};

static DEFINE_PER_CPU(struct rdtrace_raise_work, rdtrace_raise_works);

static notrace void rdtrace_raise_send(struct irq_work *work)
{
	struct rdtrace_raise_work *w = container_of(work, struct rdtrace_raise_work, work);

	send_sig_info(w->sig, SEND_SIG_PRIV, w->task);
	put_task_struct(w->task);
}

notrace void rdtrace_raise_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		init_irq_work(&per_cpu_ptr(&rdtrace_raise_works, cpu)->work, rdtrace_raise_send);
}

notrace void rdtrace_raise_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		irq_work_sync(&per_cpu_ptr(&rdtrace_raise_works, cpu)->work);
}

notrace int rdtrace_raise(int sig)
{
	struct rdtrace_raise_work *w = this_cpu_ptr(&rdtrace_raise_works);
	struct task_struct *task = current;

	/* A kernel thread takes no signals that mean anything to it. */
	if (task->flags & PF_KTHREAD)
		return 0;
	if (irq_work_is_busy(&w->work))
		return -EBUSY;
	w->task = get_task_struct(task);
	w->sig = sig;
	if (!irq_work_queue(&w->work)) {
		/* Not while this CPU is claimed by the probe; never lose a reference. */
		put_task_struct(task);
		return -EBUSY;
	}
	return 0;
}
