// SPDX-License-Identifier: GPL-2.0
/*
 * rdtrace's timed probes: one hrtimer per tick-N probe, one per CPU per
 * profile-N probe, all pinned and expiring in hard-irq mode, so a profile
 * probe interrupts whatever its CPU runs and reports where it was. A CPU
 * hotplug instance starts a CPU's timers when it comes online and stops
 * them before it goes (DTrace's omni-present cyclics), so that a profile
 * probe fires once per period on every online CPU, no more. This file is
 * the only one that touches struct hrtimer; everything is notrace.
 */
#include <linux/cpuhotplug.h>
#include <linux/hrtimer.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <asm/irq_regs.h>
#include "timers.h"
#include "stacks.h"

struct rdtrace_timer {
	struct hrtimer timer;
	struct rdtrace_timers *set;
	ktime_t period;
	u32 probe;
	s32 cpu;
};

struct rdtrace_timers {
	void *owner;
	/* In the hotplug state's instance list while started. */
	struct hlist_node cpuhp;
	bool cpuhp_added;
	/* Set before cancelling: a callback already running does not re-arm. */
	bool stopping;
	u32 n;
	struct rdtrace_timer timers[];
};

static notrace enum hrtimer_restart rdtrace_timer_callback(struct hrtimer *hr)
{
	struct rdtrace_timer *t = container_of(hr, struct rdtrace_timer, timer);
	/* The registers the timer interrupt saved: where this CPU was. */
	struct pt_regs *regs = get_irq_regs();
	struct rdtrace_stack_origin prev;
	u64 pc = 0, upc = 0;
	s64 late;

	if (READ_ONCE(t->set->stopping))
		return HRTIMER_NORESTART;
	if (regs) {
		if (user_mode(regs))
			upc = instruction_pointer(regs);
		else
			pc = instruction_pointer(regs);
	}
	late = ktime_to_ns(ktime_sub(hrtimer_cb_get_time(hr), hrtimer_get_expires(hr)));
	/* stack() is the interrupted kernel's; none in user mode. */
	prev = rdtrace_stack_enter(pc, pc ? kernel_stack_pointer(regs) : 0);
	rdtrace_timer_fire(t->set->owner, t->probe, pc, upc, late > 0 ? late : 0);
	rdtrace_stack_restore(prev);
	hrtimer_forward_now(hr, t->period);
	return HRTIMER_RESTART;
}

notrace struct rdtrace_timers *rdtrace_timers_new(void *owner, const struct rdtrace_timer_spec *specs, u32 n)
{
	struct rdtrace_timers *t = kzalloc(struct_size(t, timers, n), GFP_KERNEL);
	u32 i;

	if (!t)
		return NULL;
	t->owner = owner;
	t->n = n;
	for (i = 0; i < n; i++) {
		struct rdtrace_timer *one = &t->timers[i];

		hrtimer_init(&one->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
		one->timer.function = rdtrace_timer_callback;
		one->set = t;
		one->period = ns_to_ktime(specs[i].period_ns);
		one->probe = specs[i].probe;
		one->cpu = specs[i].cpu;
	}
	return t;
}

static notrace void rdtrace_timer_start(struct rdtrace_timer *one)
{
	hrtimer_start(&one->timer, one->period, HRTIMER_MODE_REL_PINNED_HARD);
}

/* The dynamic hotplug state every session's instance hangs on. */
static int rdtrace_cpuhp_state = -1;

/* Hotplug: runs on `cpu` as it comes online (or when tracing starts). */
static notrace int rdtrace_timers_cpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct rdtrace_timers *t = hlist_entry(node, struct rdtrace_timers, cpuhp);
	u32 i;

	for (i = 0; i < t->n; i++)
		if (t->timers[i].cpu == (s32)cpu && !READ_ONCE(t->stopping))
			rdtrace_timer_start(&t->timers[i]);
	return 0;
}

/* Hotplug: runs on `cpu` before it goes offline (or when tracing stops). */
static notrace int rdtrace_timers_cpu_offline(unsigned int cpu, struct hlist_node *node)
{
	struct rdtrace_timers *t = hlist_entry(node, struct rdtrace_timers, cpuhp);
	u32 i;

	for (i = 0; i < t->n; i++)
		if (t->timers[i].cpu == (s32)cpu)
			hrtimer_cancel(&t->timers[i].timer);
	return 0;
}

notrace int rdtrace_timers_init(void)
{
	int state = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "rdtrace/profile:online",
					    rdtrace_timers_cpu_online, rdtrace_timers_cpu_offline);

	if (state < 0)
		return state;
	rdtrace_cpuhp_state = state;
	return 0;
}

notrace void rdtrace_timers_exit(void)
{
	if (rdtrace_cpuhp_state >= 0)
		cpuhp_remove_multi_state(rdtrace_cpuhp_state);
	rdtrace_cpuhp_state = -1;
}

notrace int rdtrace_timers_start(struct rdtrace_timers *t)
{
	bool per_cpu = false;
	u32 i;

	for (i = 0; i < t->n; i++) {
		if (t->timers[i].cpu == RDTRACE_TIMER_ANY_CPU)
			rdtrace_timer_start(&t->timers[i]);
		else
			per_cpu = true;
	}
	if (per_cpu) {
		/* Starts each online CPU's timers on that CPU. */
		int err = cpuhp_state_add_instance(rdtrace_cpuhp_state, &t->cpuhp);

		if (err)
			return err;
		t->cpuhp_added = true;
	}
	return 0;
}

notrace void rdtrace_timers_cancel(struct rdtrace_timers *t)
{
	u32 i;

	WRITE_ONCE(t->stopping, true);
	if (t->cpuhp_added) {
		/* Stops each online CPU's timers; no CPU starts them after. */
		cpuhp_state_remove_instance(rdtrace_cpuhp_state, &t->cpuhp);
		t->cpuhp_added = false;
	}
	/* The rest (ticks); waits for a running callback; a timer never started is a no-op. */
	for (i = 0; i < t->n; i++)
		hrtimer_cancel(&t->timers[i].timer);
}

notrace void rdtrace_timers_free(struct rdtrace_timers *t)
{
	if (!t)
		return;
	rdtrace_timers_cancel(t);
	kfree(t);
}
