/* SPDX-License-Identifier: GPL-2.0 */
/* rdtrace's probe hooks over ftrace and fprobe; see hooks.c. */
#ifndef RDTRACE_HOOKS_H
#define RDTRACE_HOOKS_H

#include <linux/types.h>
#include "stacks.h"

#define RDTRACE_HOOK_NARGS 6
#define RDTRACE_HOOK_ENTRY 1
#define RDTRACE_HOOK_RETURN 2

struct rdtrace_hooks;

/*
 * Where an fbt hit happened, for what its general path takes only once the
 * hit's gates have let it through (rdtrace_hooks_fire): the gates and
 * fixed-key aggregations call nothing traceable and need no stack, so a
 * rejected hit pays for neither ftrace's recursion lock nor the origin.
 */
struct rdtrace_hit_site {
	/* The fentry call's address (the probe table's key) and the caller. */
	unsigned long ip;
	unsigned long parent_ip;
	/* Where stack() starts: its innermost pc and the stack pointer. */
	unsigned long pc;
	unsigned long sp;
	/* Take ftrace's recursion lock (false: the hook's caller holds it). */
	bool lock;
};

/*
 * Implemented in Rust (probe context: preemption off). `cpu` is
 * raw_smp_processor_id(), an inline per-CPU load here that Rust could only
 * reach through an out-of-line call. rdtrace_hook_hit's callers hold the
 * recursion lock and have set the stack origin.
 */
void rdtrace_hook_hit(void *owner, u32 kind, u32 cpu, unsigned long ip,
		      unsigned long parent_ip, const u64 *args);
/* An fbt entry and return (RDTRACE_HOOK_ENTRY and _RETURN, the kind compiled in). */
void rdtrace_hook_entry_hit(void *owner, u32 cpu, const struct rdtrace_hit_site *site,
			    const u64 *args);
void rdtrace_hook_return_hit(void *owner, u32 cpu, const struct rdtrace_hit_site *site,
			     const u64 *args);

/*
 * A hit's general path: Rust's rdtrace_hook_fire on its `n` targets, run
 * under ftrace's recursion lock if site->lock (a hit that recurses is
 * dropped, as ftrace drops it) and with this CPU's stack origin at the
 * site. Its caller, the Rust front, has decided the hit may fire.
 */
void rdtrace_hooks_fire(void *owner, u32 cpu, const void *targets, size_t n, const u64 *args,
			const struct rdtrace_hit_site *site);
/*
 * Implemented in Rust: a hit the recursion lock refused, counted as the
 * CPU's nested hits (every drop is counted).
 */
void rdtrace_hook_refused(void *owner, u32 cpu);
/* Implemented in Rust: the general path itself, `caller` the parent ip. */
void rdtrace_hook_fire(void *owner, u32 cpu, const void *targets, size_t n, const u64 *args,
		       unsigned long caller);

struct rdtrace_hooks *rdtrace_hooks_new(void *owner);
/*
 * Patches the sites in. The last `n_called` of both `entry_ips` and
 * `return_ips` are the same functions, whose arguments are all in
 * registers: entered by direct call, rdtrace calls them itself to see
 * their returns (their entry probes hit there too, if `called_entries`:
 * some of them has one); otherwise
 * they are ordinary entry and return sites.
 */
int rdtrace_hooks_attach(struct rdtrace_hooks *h,
			 unsigned long *entry_ips, unsigned int n_entry,
			 unsigned long *return_ips, unsigned int n_return,
			 unsigned int n_called, bool called_entries, bool shared_entry);
void rdtrace_hooks_detach(struct rdtrace_hooks *h);
void rdtrace_hooks_quiesce(void);
u64 rdtrace_hooks_missed(struct rdtrace_hooks *h);
void rdtrace_hooks_free(struct rdtrace_hooks *h);
int rdtrace_hooks_check_ip(unsigned long ip);

#endif
