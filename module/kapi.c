// SPDX-License-Identifier: GPL-2.0
/*
 * Export glue for the in-kernel consumer API (uapi/rdtrace_kapi.h), and the
 * drain work. No state lives here beyond the work item: module/kapi.rs
 * owns each session. Everything is notrace, and nothing here runs in probe
 * context: the drain work is a worker thread.
 */
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "kapi.h"

struct rdtrace_drainer {
	struct delayed_work work;
	void *owner;
	unsigned long period;
	bool stopping;
};

static notrace void rdtrace_drainer_fn(struct work_struct *work)
{
	struct rdtrace_drainer *d =
		container_of(to_delayed_work(work), struct rdtrace_drainer, work);

	rdtrace_kapi_rs_drain(d->owner);
	if (!READ_ONCE(d->stopping))
		queue_delayed_work(system_unbound_wq, &d->work, d->period);
}

notrace struct rdtrace_drainer *rdtrace_drainer_new(void *owner, unsigned int period_ms)
{
	struct rdtrace_drainer *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	INIT_DELAYED_WORK(&d->work, rdtrace_drainer_fn);
	d->owner = owner;
	d->period = max(1UL, msecs_to_jiffies(period_ms));
	d->stopping = true;
	return d;
}

notrace void rdtrace_drainer_start(struct rdtrace_drainer *d, void *owner)
{
	d->owner = owner;
	WRITE_ONCE(d->stopping, false);
	queue_delayed_work(system_unbound_wq, &d->work, d->period);
}

notrace void rdtrace_drainer_stop(struct rdtrace_drainer *d)
{
	WRITE_ONCE(d->stopping, true);
	/* Waits for a running pass and stops one that requeues itself. */
	cancel_delayed_work_sync(&d->work);
}

notrace void rdtrace_drainer_free(struct rdtrace_drainer *d)
{
	if (!d)
		return;
	rdtrace_drainer_stop(d);
	kfree(d);
}

/*
 * Whether the consumer's module (or the built-in caller, NULL) has not begun
 * unloading. No reference is taken: one held across a drain pass made the
 * consumer's rmmod fail ("in use") whenever it came during a pass. Unloading
 * runs the consumer's exit, which must stop or close its sessions first;
 * that waits for a running pass (cancel_delayed_work_sync), so the module's
 * code outlives every callback the pass makes.
 */
notrace bool rdtrace_kapi_module_live(struct module *m)
{
	return !m || module_is_live(m);
}

notrace struct rdtrace_kapi_session *rdtrace_kapi_open(const void *enabling, size_t len,
						       const struct rdtrace_kapi_ops *ops,
						       void *ctx, unsigned int drain_ms,
						       char *err, size_t errlen)
{
	int e = -EINVAL;
	void *s;

	if (err && errlen)
		err[0] = '\0';
	if (!enabling || !ops || !ops->record)
		return ERR_PTR(-EINVAL);
	s = rdtrace_kapi_rs_open(enabling, len, ops, ctx, drain_ms, err, errlen, &e);
	return s ? s : ERR_PTR(e < 0 ? e : -EINVAL);
}
EXPORT_SYMBOL_GPL(rdtrace_kapi_open);

notrace int rdtrace_kapi_start(struct rdtrace_kapi_session *s)
{
	return rdtrace_kapi_rs_start(s);
}
EXPORT_SYMBOL_GPL(rdtrace_kapi_start);

notrace void rdtrace_kapi_stop(struct rdtrace_kapi_session *s)
{
	rdtrace_kapi_rs_stop(s);
}
EXPORT_SYMBOL_GPL(rdtrace_kapi_stop);

notrace void rdtrace_kapi_stats(struct rdtrace_kapi_session *s, struct rdtrace_kapi_stats *st)
{
	rdtrace_kapi_rs_stats(s, st);
}
EXPORT_SYMBOL_GPL(rdtrace_kapi_stats);

notrace void rdtrace_kapi_close(struct rdtrace_kapi_session *s)
{
	if (!IS_ERR_OR_NULL(s))
		rdtrace_kapi_rs_close(s);
}
EXPORT_SYMBOL_GPL(rdtrace_kapi_close);

notrace ssize_t rdtrace_kapi_aggsnap(struct rdtrace_kapi_session *s, unsigned int cpu,
				     void *buf, size_t len)
{
	if (IS_ERR_OR_NULL(s) || (!buf && len))
		return -EINVAL;
	return rdtrace_kapi_rs_aggsnap(s, cpu, buf, len);
}
EXPORT_SYMBOL_GPL(rdtrace_kapi_aggsnap);
