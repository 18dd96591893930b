/* SPDX-License-Identifier: GPL-2.0 */
/* rdtrace's probe hooks over ftrace and fprobe; see hooks.c. */
#ifndef RDTRACE_HOOKS_H
#define RDTRACE_HOOKS_H

#include <linux/types.h>

#define RDTRACE_HOOK_NARGS 6
#define RDTRACE_HOOK_ENTRY 1
#define RDTRACE_HOOK_RETURN 2

struct rdtrace_hooks;

/*
 * Implemented in Rust (probe context: preemption off, recursion locked).
 * `cpu` is raw_smp_processor_id(), an inline per-CPU load here that Rust
 * could only reach through an out-of-line call.
 */
void rdtrace_hook_hit(void *owner, u32 kind, u32 cpu, unsigned long ip,
		      unsigned long parent_ip, const u64 *args);
/* rdtrace_hook_hit for RDTRACE_HOOK_ENTRY and _RETURN, the kind compiled in. */
void rdtrace_hook_entry_hit(void *owner, u32 cpu, unsigned long ip, unsigned long parent_ip,
			    const u64 *args);
void rdtrace_hook_return_hit(void *owner, u32 cpu, unsigned long ip, unsigned long parent_ip,
			     const u64 *args);

struct rdtrace_hooks *rdtrace_hooks_new(void *owner);
int rdtrace_hooks_attach(struct rdtrace_hooks *h,
			 unsigned long *entry_ips, unsigned int n_entry,
			 unsigned long *return_ips, unsigned int n_return,
			 bool shared_entry);
void rdtrace_hooks_detach(struct rdtrace_hooks *h);
void rdtrace_hooks_quiesce(void);
u64 rdtrace_hooks_missed(struct rdtrace_hooks *h);
void rdtrace_hooks_free(struct rdtrace_hooks *h);
int rdtrace_hooks_check_ip(unsigned long ip);

#endif
