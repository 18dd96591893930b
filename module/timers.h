/* SPDX-License-Identifier: GPL-2.0 */
/* rdtrace's timed probes (tick-N, profile-N) over hrtimers; see timers.c. */
#ifndef RDTRACE_TIMERS_H
#define RDTRACE_TIMERS_H

#include <linux/types.h>

/* A timer to run on any one CPU (tick-N), not one per CPU. */
#define RDTRACE_TIMER_ANY_CPU (-1)

/* One timer: which probe it fires, how often, and on which CPU. */
struct rdtrace_timer_spec {
	u64 period_ns;
	u32 probe;   /* passed back to rdtrace_timer_fire */
	s32 cpu;     /* or RDTRACE_TIMER_ANY_CPU */
};

struct rdtrace_timers;

/*
 * Implemented in Rust. Hard-irq context on the timer's CPU: pc and upc are
 * the interrupted kernel and user program counters (one of them 0), late
 * how many ns after its due time the timer ran.
 */
void rdtrace_timer_fire(void *owner, u32 probe, u64 pc, u64 upc, u64 late);

/* Registers (module init) and removes (exit) the CPU hotplug state. */
int rdtrace_timers_init(void);
void rdtrace_timers_exit(void);

/* Allocates and initialises n timers (none started); NULL without memory. */
struct rdtrace_timers *rdtrace_timers_new(void *owner, const struct rdtrace_timer_spec *specs, u32 n);
/*
 * Starts every timer: per-CPU ones on their CPU while it is online, the
 * others here. Process context; 0 or a negative errno.
 */
int rdtrace_timers_start(struct rdtrace_timers *t);
/* Stops every timer; on return none is queued or running. Process context. */
void rdtrace_timers_cancel(struct rdtrace_timers *t);
/* Cancels and frees (NULL is fine). */
void rdtrace_timers_free(struct rdtrace_timers *t);

#endif
