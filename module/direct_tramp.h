/* SPDX-License-Identifier: GPL-2.0 */
/* rdtrace's direct-call trampolines; see direct_tramp.S and hooks.c. */
#ifndef RDTRACE_DIRECT_TRAMP_H
#define RDTRACE_DIRECT_TRAMP_H

/* Sessions that can enter by direct call at once; others use ftrace_ops. */
#define RDTRACE_DIRECT_SLOTS 4
/*
 * Most entry sites one session enters by direct call; more use ftrace_ops.
 * Every function of the kernel (~40,000) fits: attaching them all by
 * direct call took 2.4-2.8 s in the test VM against ftrace_ops's
 * 2.6-2.7 s (tests/out-style timing of `fbt:::entry`, one boot), and each
 * hit saves ftrace_ops's trampoline and callback. (An earlier 9.3 s
 * against 6.5 s was the deadman counted from GO's start, since fixed.)
 */
#define RDTRACE_DIRECT_MAX_SITES 65536

#ifndef __ASSEMBLY__
#include <linux/types.h>

void rdtrace_direct_tramp_0(void);
void rdtrace_direct_tramp_1(void);
void rdtrace_direct_tramp_2(void);
void rdtrace_direct_tramp_3(void);
void rdtrace_direct_ret_tramp_0(void);
void rdtrace_direct_ret_tramp_1(void);
void rdtrace_direct_ret_tramp_2(void);
void rdtrace_direct_ret_tramp_3(void);
/* Where each calls the function to return to (called.c reads it). */
void rdtrace_direct_ret_tramp_0_returned(void);
void rdtrace_direct_ret_tramp_1_returned(void);
void rdtrace_direct_ret_tramp_2_returned(void);
void rdtrace_direct_ret_tramp_3_returned(void);

/*
 * Whether each slot's entry trampoline passes its hits on: set once the
 * slot's direct call is registered, cleared before it is unregistered.
 */
extern u8 rdtrace_direct_armed[RDTRACE_DIRECT_SLOTS];

/* Called by the trampolines; probe context, preemption enabled. */
void rdtrace_direct_hit(unsigned int slot, unsigned long ret_ip, unsigned long parent_ip,
			const u64 *args, unsigned long sp);
/*
 * Called by the return trampolines: the entry hit, then whether to call
 * the function (a nonzero generation) ...
 */
unsigned long rdtrace_direct_ret_enter(unsigned int slot, unsigned long ret_ip,
				       unsigned long parent_ip, const u64 *args, unsigned long sp);
/* ... and, if so, its return: `sp` the caller's stack pointer after it. */
void rdtrace_direct_ret_exit(unsigned int slot, unsigned long gen, unsigned long ret_ip,
			     unsigned long parent_ip, unsigned long retval, unsigned long sp);
#endif

#endif
