/* SPDX-License-Identifier: GPL-2.0 */
/* rdtrace's direct-call trampolines; see direct_tramp.S and hooks.c. */
#ifndef RDTRACE_DIRECT_TRAMP_H
#define RDTRACE_DIRECT_TRAMP_H

/* Sessions that can enter by direct call at once; others use ftrace_ops. */
#define RDTRACE_DIRECT_SLOTS 4
/*
 * Most entry sites one session enters by direct call; more use ftrace_ops.
 * Attaching every function of the kernel (~40,000) by direct call took
 * 9.3 s in the test VM against ftrace_ops's 6.5 s (detaching 4.3 s against
 * 3.8 s), for about 21 fewer instructions a hit. (That slow attach is also
 * what once missed the deadman: it counted from GO's start.)
 */
#define RDTRACE_DIRECT_MAX_SITES 4096

#ifndef __ASSEMBLY__
#include <linux/types.h>

void rdtrace_direct_tramp_0(void);
void rdtrace_direct_tramp_1(void);
void rdtrace_direct_tramp_2(void);
void rdtrace_direct_tramp_3(void);

/* Called by the trampolines; probe context, preemption enabled. */
void rdtrace_direct_hit(unsigned int slot, unsigned long ret_ip, unsigned long parent_ip,
			const u64 *args, unsigned long sp);
#endif

#endif
