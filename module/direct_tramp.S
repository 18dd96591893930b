/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rdtrace's ftrace direct-call trampolines (x86-64). A traced function's
 * fentry call lands here instead of in ftrace's generic trampoline, which
 * saves a full ftrace_regs and walks an ops list: this saves only the
 * argument registers and calls rdtrace_direct_hit(slot, ret_ip, parent_ip,
 * args, sp). There is one trampoline per slot so the hit finds its session
 * without a lookup; hooks.c hands the slots out.
 *
 * Stack on entry: 0(%rsp) the return address into the traced function
 * (just past its fentry call), 8(%rsp) the return address into its caller.
 * Every register but the argument ones is callee-saved by the C call.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include "direct_tramp.h"

.macro RDTRACE_DIRECT_TRAMP slot
SYM_FUNC_START(rdtrace_direct_tramp_\slot)
	pushq	%rbp
	movq	%rsp, %rbp
	CALL_DEPTH_ACCOUNT
	pushq	%rax		/* varargs' vector count: preserved */
	pushq	%r10		/* and the static chain; keeps %rsp 16-aligned */
	/* The arguments as an array: args[0] = %rdi at the lowest address. */
	pushq	%r9
	pushq	%r8
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	movl	$\slot, %edi
	movq	8(%rbp), %rsi	/* return address into the traced function */
	movq	16(%rbp), %rdx	/* return address into its caller */
	movq	%rsp, %rcx	/* the saved arguments */
	leaq	16(%rbp), %r8	/* the stack pointer the function's body sees */
	call	rdtrace_direct_hit
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%rax
	leave
	RET
SYM_FUNC_END(rdtrace_direct_tramp_\slot)
.endm

/* One per slot: RDTRACE_DIRECT_SLOTS in direct_tramp.h. */
RDTRACE_DIRECT_TRAMP 0
RDTRACE_DIRECT_TRAMP 1
RDTRACE_DIRECT_TRAMP 2
RDTRACE_DIRECT_TRAMP 3
