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
#include <linux/objtool.h>
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

/*
 * The return trampolines, for functions with return probes whose arguments
 * are all in registers: as a BPF fexit trampoline, this one calls the
 * function itself (past its fentry call) and so sees it return, with no
 * rethook and no return address replaced. rdtrace_direct_ret_enter runs
 * the entry probes and says whether to call (a nonzero generation, which
 * rdtrace_direct_ret_exit checks the session against).
 *
 * While the function runs, this frame is an ordinary one: its return
 * address (8(%rbp)) is the caller's, which is where this trampoline
 * returns, so a frame-pointer unwinder goes function, trampoline, caller;
 * the slot the caller's call wrote (16(%rbp)) holds 0 then, and the
 * function's own address is kept inverted, so that an unwinder that
 * reports every text address on the stack (UNWINDER_GUESS) sees neither
 * twice. Both are put back before the return.
 *
 * Frame: -8(%rbp) ~(return address into the function), -16(%rbp) the
 * generation, -24(%rbp) padding, then the registers as above. Every call
 * from here is made with %rsp 16-aligned, and the function's body runs
 * with the alignment its caller gave it.
 */
.macro RDTRACE_DIRECT_RET_TRAMP slot
SYM_FUNC_START(rdtrace_direct_ret_tramp_\slot)
	pushq	%rbp
	movq	%rsp, %rbp
	CALL_DEPTH_ACCOUNT
	subq	$24, %rsp
	pushq	%rax
	pushq	%r10
	pushq	%r9
	pushq	%r8
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	movl	$\slot, %edi
	movq	8(%rbp), %rsi
	movq	16(%rbp), %rdx
	movq	%rsp, %rcx
	leaq	16(%rbp), %r8
	call	rdtrace_direct_ret_enter
	testq	%rax, %rax
	jz	.Lplain_\slot
	movq	%rax, -16(%rbp)
	movq	8(%rbp), %r11
	notq	%r11
	movq	%r11, -8(%rbp)
	movq	16(%rbp), %r11
	movq	%r11, 8(%rbp)
	movq	$0, 16(%rbp)
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%rax
	/*
	 * Call the function past its fentry call, returning to ..._returned:
	 * no indirect call (IBT wants an ENDBR at its target), but a push of
	 * the return address and a call whose own return address becomes the
	 * target, as ftrace's return_to_handler does; the function's return
	 * is the one without a call, accounted here.
	 */
	leaq	rdtrace_direct_ret_tramp_\slot\()_returned(%rip), %r11
	pushq	%r11
	CALL_DEPTH_ACCOUNT
	ANNOTATE_INTRA_FUNCTION_CALL
	call	.Lcall_\slot
	int3
.Lcall_\slot:
	movq	-8(%rbp), %r11
	notq	%r11
	movq	%r11, (%rsp)
	RET
SYM_INNER_LABEL(rdtrace_direct_ret_tramp_\slot\()_returned, SYM_L_GLOBAL)
	ANNOTATE_NOENDBR
	pushq	%rax
	pushq	%rdx
	movl	$\slot, %edi
	movq	-16(%rbp), %rsi	/* the generation */
	movq	-8(%rbp), %rdx
	notq	%rdx		/* return address into the function */
	movq	8(%rbp), %rcx	/* return address into its caller */
	movq	%rax, %r8	/* the return value */
	leaq	24(%rbp), %r9	/* the caller's stack pointer after the return */
	call	rdtrace_direct_ret_exit
	popq	%rdx
	popq	%rax
	movq	8(%rbp), %r11
	movq	%r11, 16(%rbp)
	leave
	addq	$8, %rsp	/* the return address into the function */
	RET
.Lplain_\slot:
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
SYM_FUNC_END(rdtrace_direct_ret_tramp_\slot)
/* The call past the fentry call is a push and a return (see above). */
STACK_FRAME_NON_STANDARD rdtrace_direct_ret_tramp_\slot
.endm

/* One of each per slot: RDTRACE_DIRECT_SLOTS in direct_tramp.h. */
RDTRACE_DIRECT_TRAMP 0
RDTRACE_DIRECT_TRAMP 1
RDTRACE_DIRECT_TRAMP 2
RDTRACE_DIRECT_TRAMP 3
RDTRACE_DIRECT_RET_TRAMP 0
RDTRACE_DIRECT_RET_TRAMP 1
RDTRACE_DIRECT_RET_TRAMP 2
RDTRACE_DIRECT_RET_TRAMP 3
