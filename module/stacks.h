/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel stacks for stack(); see stacks.c. */
#ifndef RDTRACE_STACKS_H
#define RDTRACE_STACKS_H

#include <linux/types.h>

/*
 * Where a hit's stack starts: `pc` its innermost frame (0: no stack), `sp`
 * the stack pointer the walk starts from (0: that frame alone).
 */
struct rdtrace_stack_origin {
	unsigned long pc;
	unsigned long sp;
};

#ifndef __BINDGEN__
#include <linux/percpu.h>

DECLARE_PER_CPU(struct rdtrace_stack_origin, rdtrace_stack_origin);

/*
 * Sets this CPU's origin for the hit about to run and returns the one it
 * replaces, for rdtrace_stack_restore() after the hit: a hook that
 * interrupts another puts the other's origin back. Preemption is off.
 */
static __always_inline struct rdtrace_stack_origin rdtrace_stack_enter(unsigned long pc,
								       unsigned long sp)
{
	struct rdtrace_stack_origin *o = this_cpu_ptr(&rdtrace_stack_origin);
	struct rdtrace_stack_origin prev = *o;

	o->pc = pc;
	o->sp = sp;
	return prev;
}

static __always_inline void rdtrace_stack_restore(struct rdtrace_stack_origin prev)
{
	*this_cpu_ptr(&rdtrace_stack_origin) = prev;
}
#endif

/*
 * Writes the running hit's kernel return addresses, innermost first, as
 * little-endian u64s into `out` (at most `max` of them) and returns how
 * many; with `out` NULL, only counts them (stackdepth). Probe context: no
 * sleeping, no locks, every read nofault.
 */
u32 rdtrace_stack_capture(u8 *out, u32 max);

/*
 * Writes the current thread's user program counter, then the return
 * addresses its frame pointers lead to, innermost first, as little-endian
 * u64s into `out` (at most `max`) and returns how many; with `out` NULL,
 * only counts them (ustackdepth). None in a kernel thread. Probe context:
 * every read of user memory nofault.
 */
u32 rdtrace_ustack_capture(u8 *out, u32 max);

/*
 * uregs[reg]: the current thread's user register `reg` as DTrace numbers
 * them on x86-64: struct pt_regs's words (0 to 20), then the thread's
 * saved ds, es, fs base, gs base and trap number (21 to 25); 0 with no
 * user registers.
 */
u64 rdtrace_uregs_read(u32 reg);

#endif
