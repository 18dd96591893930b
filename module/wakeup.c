// SPDX-License-Identifier: GPL-2.0
/*
 * Waking a consumer that sleeps in poll(2). A probe may fire in NMI
 * context, where wake_up() must not run, so a committed record only queues
 * an irq_work (NMI-safe), and only while somebody sleeps; the irq_work does
 * the wake_up. Everything here is notrace.
 */
#include <linux/irq_work.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include "wakeup.h"

struct rdtrace_wakeup {
	wait_queue_head_t wq;
	struct irq_work work;
	/*
	 * A wakeup is on its way: until the consumer polls again, the probes
	 * queue no other. Without it, every record committed between the
	 * wakeup and the consumer leaving the queue (it may not run for a
	 * while) raised another irq_work and wake_up.
	 */
	bool woken;
};

static notrace void rdtrace_wakeup_work(struct irq_work *work)
{
	struct rdtrace_wakeup *w = container_of(work, struct rdtrace_wakeup, work);

	wake_up_interruptible(&w->wq);
}

notrace struct rdtrace_wakeup *rdtrace_wakeup_new(void)
{
	struct rdtrace_wakeup *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return NULL;
	init_waitqueue_head(&w->wq);
	init_irq_work(&w->work, rdtrace_wakeup_work);
	return w;
}

/* No notify may run or start any more (the probes are detached). */
notrace void rdtrace_wakeup_free(struct rdtrace_wakeup *w)
{
	if (!w)
		return;
	irq_work_sync(&w->work);
	kfree(w);
}

notrace void rdtrace_wakeup_poll_wait(struct rdtrace_wakeup *w, struct file *file,
				      struct poll_table_struct *pt)
{
	/*
	 * The consumer queued, then the flag cleared, before it looks for
	 * records, with a full barrier against rdtrace_wakeup_notify()'s (in
	 * wq_has_sleeper, as sock_poll_wait pairs with it): either the
	 * consumer sees the record, or the probe sees it queued and the flag
	 * clear. Cleared after queueing: a probe that sets the flag after the
	 * clear wakes a queued consumer.
	 */
	poll_wait(file, &w->wq, pt);
	WRITE_ONCE(w->woken, false);
	smp_mb();
}

notrace void rdtrace_wakeup_notify(struct rdtrace_wakeup *w)
{
	if (wq_has_sleeper(&w->wq) && !READ_ONCE(w->woken)) {
		WRITE_ONCE(w->woken, true);
		irq_work_queue(&w->work);
	}
}
