// SPDX-License-Identifier: GPL-2.0
/*
 * The sched_process_exit tracepoint, through which rdtrace reclaims the
 * self-> variables of exited threads. The tracepoint is not exported to
 * modules by name, so it is found with for_each_kernel_tracepoint (as
 * out-of-tree tracers do); tracepoint_probe_register/unregister are
 * exported (GPL). Everything here is notrace.
 */
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include "thread_exit.h"

static notrace void rdtrace_find_exit(struct tracepoint *tp, void *priv)
{
	struct tracepoint **found = priv;

	if (!strcmp(tp->name, "sched_process_exit"))
		*found = tp;
}

static notrace struct tracepoint *rdtrace_exit_tracepoint(void)
{
	struct tracepoint *tp = NULL;

	for_each_kernel_tracepoint(rdtrace_find_exit, &tp);
	return tp;
}

/* TP_PROTO(struct task_struct *p): called in the exiting task, p == current. */
static notrace void rdtrace_exit_probe(void *owner, struct task_struct *p)
{
	rdtrace_thread_exited(owner, (u64)p->pid);
}

notrace int rdtrace_exit_tracepoint_register(void (*probe)(void *data, struct task_struct *p),
					     void *data)
{
	struct tracepoint *tp = rdtrace_exit_tracepoint();

	if (!tp)
		return -ENOENT;
	return tracepoint_probe_register(tp, (void *)probe, data);
}

notrace void rdtrace_exit_tracepoint_unregister(void (*probe)(void *data, struct task_struct *p),
						void *data)
{
	struct tracepoint *tp = rdtrace_exit_tracepoint();

	if (!tp)
		return;
	/* -ENOENT when never registered: nothing to wait for. */
	if (tracepoint_probe_unregister(tp, (void *)probe, data) == 0)
		tracepoint_synchronize_unregister();
}

notrace int rdtrace_thread_exit_attach(void *owner)
{
	return rdtrace_exit_tracepoint_register(rdtrace_exit_probe, owner);
}

notrace void rdtrace_thread_exit_detach(void *owner)
{
	rdtrace_exit_tracepoint_unregister(rdtrace_exit_probe, owner);
}
