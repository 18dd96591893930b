/* SPDX-License-Identifier: GPL-2.0 */
/* Tells rdtrace when a thread exits; see thread_exit.c. */
#ifndef RDTRACE_THREAD_EXIT_H
#define RDTRACE_THREAD_EXIT_H

#include <linux/types.h>

struct task_struct;

/* Implemented in Rust: the thread `tid` is exiting (runs in that thread,
 * preemption off). */
void rdtrace_thread_exited(void *owner, u64 tid);

/* Calls rdtrace_thread_exited(owner, tid) on every thread exit from now on:
 * 0, or a negative errno. Process context. */
int rdtrace_thread_exit_attach(void *owner);
/* Stops the calls for owner and waits until none is running. Process
 * context; a no-op for an owner never attached. */
void rdtrace_thread_exit_detach(void *owner);

/* Registers or unregisters (and waits for) another probe on the same
 * tracepoint, TP_PROTO(struct task_struct *p) after `data`. */
int rdtrace_exit_tracepoint_register(void (*probe)(void *data, struct task_struct *p), void *data);
void rdtrace_exit_tracepoint_unregister(void (*probe)(void *data, struct task_struct *p), void *data);

#endif
