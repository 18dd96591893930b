// SPDX-License-Identifier: GPL-2.0
/*
 * Stacks for stack() and ustack(), and the user registers for uregs[].
 * Kernel stacks: each hook records where its hit's stack
 * starts (the probed function's frame and stack pointer, or the
 * interrupted one for a timer); a capture walks from there with the
 * kernel's own unwinder, so rdtrace's frames never appear. Everything here
 * is notrace and runs in probe context.
 */
#include <linux/kallsyms.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/ptrace.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>
#include <asm/unwind.h>
#include "stacks.h"
#include "called.h"

DEFINE_PER_CPU(struct rdtrace_stack_origin, rdtrace_stack_origin);

/*
 * Whether the bytes before `addr` end in a call instruction: the guess
 * unwinder reports every text address it finds on the stack, and a return
 * address is the one that follows a call (direct `e8 rel32`, or indirect
 * `ff /2` through a register or memory operand).
 */
static notrace bool rdtrace_follows_call(unsigned long addr)
{
#ifdef CONFIG_UNWINDER_GUESS
	u8 b[8];

	if (copy_from_kernel_nofault(b, (void *)(addr - sizeof(b)), sizeof(b)))
		return false;
	/* call rel32 */
	if (b[3] == 0xe8)
		return true;
	/* call *%reg (mod 11, reg 2), with or without a REX prefix */
	if (b[6] == 0xff && (b[7] & 0xf8) == 0xd0)
		return true;
	/* call *disp8(%reg) (mod 01, reg 2) */
	if (b[5] == 0xff && (b[6] & 0xf8) == 0x50)
		return true;
	/* call *disp32(%rip) or *disp32(%reg) (mod 10, reg 2) */
	if (b[2] == 0xff && (b[3] == 0x15 || (b[3] & 0xf8) == 0x90))
		return true;
	return false;
#else
	return true;
#endif
}

notrace u32 rdtrace_stack_capture(u8 *out, u32 max)
{
	struct rdtrace_stack_origin *o = this_cpu_ptr(&rdtrace_stack_origin);
	struct unwind_state state;
	bool called = false;
	u32 n = 0;

	if (!o->pc || !max)
		return 0;
	if (out)
		put_unaligned_le64(o->pc, out);
	n = 1;
	if (!o->sp)
		return n;
	for (unwind_start(&state, current, NULL, (unsigned long *)o->sp);
	     n < max && !unwind_done(&state); unwind_next_frame(&state)) {
		unsigned long addr = unwind_get_return_address(&state);

		if (!addr)
			break;
		/*
		 * A function a return trampoline called returns into it, and
		 * the trampoline into the function's fentry call: neither is
		 * a frame of the traced code.
		 */
		if (called) {
			called = false;
			continue;
		}
		if (rdtrace_called_return(addr)) {
			called = true;
			continue;
		}
		if (!rdtrace_follows_call(addr))
			continue;
		if (out)
			put_unaligned_le64(addr, out + 8 * n);
		n++;
	}
	return n;
}

/*
 * The current thread's user registers as saved at its entry to the
 * kernel; NULL in a kernel thread or with none saved.
 */
static notrace struct pt_regs *rdtrace_user_regs(void)
{
	struct pt_regs *regs;

	if (!current->mm || (current->flags & PF_KTHREAD))
		return NULL;
	regs = task_pt_regs(current);
	return user_mode(regs) ? regs : NULL;
}

/* How far above the stack pointer a frame may be: the default stack limit. */
#define RDTRACE_USTACK_SPAN (8UL << 20)

/*
 * The walk follows saved frame pointers (`push %rbp; mov %rsp,%rbp`): each
 * frame holds the caller's frame pointer, then the return address. Code
 * built without them ends the walk early or adds a stale frame; a frame
 * that does not lie above the last, or a read that faults, ends it.
 */
notrace u32 rdtrace_ustack_capture(u8 *out, u32 max)
{
	struct pt_regs *regs;
	unsigned long fp, pc, floor;
	u32 n = 0;

	regs = rdtrace_user_regs();
	if (!max || !regs)
		return 0;
	pc = regs->ip;
	fp = regs->bp;
	floor = regs->sp;
	while (n < max && pc) {
		struct { unsigned long next, ret; } frame;

		if (out)
			put_unaligned_le64(pc, out + 8 * n);
		n++;
		/* 32-bit frames are another layout: their first frame alone. */
		if (!user_64bit_mode(regs) || fp < floor || fp - regs->sp > RDTRACE_USTACK_SPAN ||
		    (fp & 7))
			break;
		if (copy_from_user_nofault(&frame, (const void __user *)fp, sizeof(frame)))
			break;
		pc = frame.ret;
		floor = fp + sizeof(frame);
		fp = frame.next;
	}
	return n;
}

/* uregs[]'s numbers past struct pt_regs (DTrace's R_DS to R_TRAPNO). */
enum { RDTRACE_UREG_DS = 21, RDTRACE_UREG_ES, RDTRACE_UREG_FS, RDTRACE_UREG_GS, RDTRACE_UREG_TRAPNO };

notrace u64 rdtrace_uregs_read(u32 reg)
{
	struct pt_regs *regs = rdtrace_user_regs();

	if (!regs)
		return 0;
	/* After pt_regs's words, what the thread keeps of the rest. */
	switch (reg) {
	case RDTRACE_UREG_DS:
		return current->thread.ds;
	case RDTRACE_UREG_ES:
		return current->thread.es;
	case RDTRACE_UREG_FS:
		return current->thread.fsbase;
	case RDTRACE_UREG_GS:
		return current->thread.gsbase;
	case RDTRACE_UREG_TRAPNO:
		return current->thread.trap_nr;
	}
	if (reg >= sizeof(*regs) / sizeof(unsigned long))
		return 0;
	/* The selectors alone: FRED keeps more in the words that hold them. */
	if (reg == offsetof(struct pt_regs, cs) / sizeof(unsigned long))
		return regs->cs;
	if (reg == offsetof(struct pt_regs, ss) / sizeof(unsigned long))
		return regs->ss;
	return ((unsigned long *)regs)[reg];
}
