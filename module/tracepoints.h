/* SPDX-License-Identifier: GPL-2.0 */
/* rdtrace's tracepoint probes over tracepoint_probe_register; see tracepoints.c. */
#ifndef RDTRACE_TRACEPOINTS_H
#define RDTRACE_TRACEPOINTS_H

#include <linux/types.h>

/* The arguments a tracepoint probe passes on: TP_PROTO's first six. */
#define RDTRACE_TP_NARGS 6

struct rdtrace_tps;

/*
 * Implemented in Rust. Probe context (preemption off): tracepoint `probe`
 * of the set fired on `cpu` with its arguments (those past its own count
 * are 0).
 */
void rdtrace_tp_hit(void *owner, u32 probe, u32 cpu, const u64 *args);

/* Whether the kernel (vmlinux) has a tracepoint of this name. */
bool rdtrace_tps_exists(const char *name);
/* A set of n tracepoint probes, none set or registered; NULL without memory. */
struct rdtrace_tps *rdtrace_tps_new(void *owner, u32 n);
/*
 * Makes probe i the tracepoint `name` (NUL-terminated) with nargs
 * arguments; -ENOENT if the kernel has none of that name.
 */
int rdtrace_tps_set(struct rdtrace_tps *t, u32 i, const char *name, u32 nargs);
/* Registers every probe. Process context; 0 or a negative errno. */
int rdtrace_tps_attach(struct rdtrace_tps *t);
/* Unregisters every probe; on return none is running. Process context. */
void rdtrace_tps_detach(struct rdtrace_tps *t);
/* Detaches and frees (NULL is fine). */
void rdtrace_tps_free(struct rdtrace_tps *t);

#endif
