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
#include <asm/unwind_hints.h>
#include <asm/orc_types.h>
#include <asm/nospec-branch.h>
#include "direct_tramp.h"

/*
 * Calls func(slot, ret_ip, parent_ip, args, sp) with the argument
 * registers saved as an array and restored after (%rax, varargs' vector
 * count, and %r10, the static chain, too; 8 pushes keep %rsp's alignment),
 * its result stored at `result` if given. %rbp is the trampoline's frame.
 */
.macro RDTRACE_ENTRY_CALL slot, func, result
	pushq	%rax
	pushq	%r10
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
	call	\func
.ifnb \result
	movq	%rax, \result
.endif
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%rax
.endm

/*
 * Until its slot is armed (the whole registration patched in), a hit
 * returns at once: while ftrace patches every function, the kernel's own
 * calls into those already patched reach here ~700,000 times, and none
 * could fire (GO makes the session active afterwards).
 */
.macro RDTRACE_DIRECT_TRAMP slot
SYM_FUNC_START(rdtrace_direct_tramp_\slot)
	CALL_DEPTH_ACCOUNT
	cmpb	$0, rdtrace_direct_armed+\slot(%rip)
	je	.Lunarmed_\slot
	pushq	%rbp
	movq	%rsp, %rbp
	RDTRACE_ENTRY_CALL \slot, rdtrace_direct_hit
	leave
	RET
.Lunarmed_\slot:
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
 * The frame is an ordinary one, so every unwinder walks it while the
 * function runs: the function returns to ..._returned (this trampoline),
 * whose frame returns to the function's fentry call (its entry, +9), which
 * returns to its caller. stack() leaves out the two (stacks.c), and
 * called.c finds the frames of tasks that exit inside the function.
 *
 * Frame: -8(%rbp) the generation (0 once the call is back), then the
 * registers as above. Calls are made with %rsp 16-aligned; the function's
 * body runs with the alignment its caller gave it.
 */
.macro RDTRACE_DIRECT_RET_TRAMP slot
SYM_FUNC_START(rdtrace_direct_ret_tramp_\slot)
	pushq	%rbp
	movq	%rsp, %rbp
	CALL_DEPTH_ACCOUNT
	subq	$8, %rsp
	RDTRACE_ENTRY_CALL \slot, rdtrace_direct_ret_enter, -8(%rbp)
	cmpq	$0, -8(%rbp)
	jne	.Lcall_\slot
	leave
	RET
	/*
	 * Call the function past its fentry call: no indirect call (IBT wants
	 * an ENDBR at its target), but a call to a push of the target and a
	 * return into it, so the function returns to the instruction after
	 * that call, as ftrace's return_to_handler returns.
	 */
.Lcall_\slot:
	ANNOTATE_INTRA_FUNCTION_CALL
	call	.Lenter_\slot
SYM_INNER_LABEL(rdtrace_direct_ret_tramp_\slot\()_returned, SYM_L_GLOBAL)
	/* Reached by the function's return, which objtool does not follow. */
	UNWIND_HINT type=UNWIND_HINT_TYPE_CALL sp_reg=ORC_REG_BP sp_offset=16
	ANNOTATE_NOENDBR
	pushq	%rax
	pushq	%rdx
	movl	$\slot, %edi
	movq	-8(%rbp), %rsi	/* the generation */
	movq	8(%rbp), %rdx	/* return address into the function */
	movq	16(%rbp), %rcx	/* return address into its caller */
	movq	%rax, %r8	/* the return value */
	leaq	24(%rbp), %r9	/* the caller's stack pointer after the return */
	call	rdtrace_direct_ret_exit
	popq	%rdx
	popq	%rax
	movq	$0, -8(%rbp)
	leave
	/* Straight back to the caller, past the return into the function. */
	addq	$8, %rsp
	UNWIND_HINT_FUNC
	RET
.Lenter_\slot:
	pushq	8(%rbp)
	/* As at the fentry call's return: the function's address on top. */
	UNWIND_HINT_FUNC
	CALL_DEPTH_ACCOUNT
	RET
SYM_FUNC_END(rdtrace_direct_ret_tramp_\slot)
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
