// SPDX-License-Identifier: GPL-2.0
/*
 * rdtrace's probe hooks: one ftrace_ops for every entry probe and one fprobe
 * for every return probe. This file is the only one that touches struct
 * ftrace_ops and struct fprobe; it takes the ftrace recursion lock and
 * passes each hit, with its arguments, to the Rust dispatcher. Everything
 * here is notrace.
 */
#include <linux/ftrace.h>
#include <linux/fprobe.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include "hooks.h"
#include "stacks.h"

struct rdtrace_hooks {
	struct ftrace_ops ops;
	struct fprobe fp;
	void *owner;
	bool ops_registered;
	bool fp_registered;
};

static notrace void rdtrace_entry_callback(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct rdtrace_hooks *h = container_of(op, struct rdtrace_hooks, ops);
	struct rdtrace_stack_origin prev;
	int bit;

	/* Also disables preemption until the unlock. */
	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0)
		return;
	/*
	 * Each register read by its constant index: a loop costs a bounds
	 * check per argument, and an array filled after its declaration is
	 * zeroed first (the kernel's automatic variable initialisation).
	 */
	static_assert(RDTRACE_HOOK_NARGS == 6);
	u64 args[RDTRACE_HOOK_NARGS] = {
		ftrace_regs_get_argument(fregs, 0), ftrace_regs_get_argument(fregs, 1),
		ftrace_regs_get_argument(fregs, 2), ftrace_regs_get_argument(fregs, 3),
		ftrace_regs_get_argument(fregs, 4), ftrace_regs_get_argument(fregs, 5),
	};
	/*
	 * The stack starts in the probed function, just after its fentry
	 * call; the stack pointer is the one its body sees (at the return
	 * address into its caller).
	 */
	prev = rdtrace_stack_enter(ip + MCOUNT_INSN_SIZE, ftrace_regs_get_stack_pointer(fregs));
	rdtrace_hook_hit(h->owner, RDTRACE_HOOK_ENTRY, raw_smp_processor_id(), ip, parent_ip,
			 args);
	rdtrace_stack_restore(prev);
	ftrace_test_recursion_unlock(bit);
}

static notrace void rdtrace_exit_callback(struct fprobe *fp, unsigned long entry_ip,
					   unsigned long ret_ip, struct pt_regs *regs,
					   void *entry_data)
{
	struct rdtrace_hooks *h = container_of(fp, struct rdtrace_hooks, fp);
	struct rdtrace_stack_origin prev;
	u64 args[RDTRACE_HOOK_NARGS] = {};
	int bit;

	bit = ftrace_test_recursion_trylock(entry_ip, ret_ip);
	if (bit < 0)
		return;
	/* As DTrace: arg0 is the return address, arg1 the return value. */
	args[0] = ret_ip;
	args[1] = regs_return_value(regs);
	/* The function has returned: the stack starts in its caller. */
	prev = rdtrace_stack_enter(ret_ip, kernel_stack_pointer(regs));
	rdtrace_hook_hit(h->owner, RDTRACE_HOOK_RETURN, raw_smp_processor_id(), entry_ip,
			 ret_ip, args);
	rdtrace_stack_restore(prev);
	ftrace_test_recursion_unlock(bit);
}

notrace struct rdtrace_hooks *rdtrace_hooks_new(void *owner)
{
	struct rdtrace_hooks *h = kzalloc(sizeof(*h), GFP_KERNEL);

	if (!h)
		return NULL;
	h->owner = owner;
	h->ops.func = rdtrace_entry_callback;
	/*
	 * No FTRACE_OPS_FL_RECURSION: the callback takes the recursion lock
	 * itself, and with the flag ftrace would call it through
	 * ftrace_ops_assist_func, which takes the same lock a second time
	 * (about 50 instructions a hit).
	 */
	h->ops.flags = 0;
	h->fp.exit_handler = rdtrace_exit_callback;
	return h;
}

notrace int rdtrace_hooks_attach(struct rdtrace_hooks *h,
				 unsigned long *entry_ips, unsigned int n_entry,
				 unsigned long *return_ips, unsigned int n_return)
{
	int err;

	if (n_entry) {
		err = ftrace_set_filter_ips(&h->ops, entry_ips, n_entry, 0, 1);
		if (err)
			return err;
		err = register_ftrace_function(&h->ops);
		if (err)
			return err;
		h->ops_registered = true;
	}
	if (n_return) {
		err = register_fprobe_ips(&h->fp, return_ips, n_return);
		if (err) {
			rdtrace_hooks_detach(h);
			return err;
		}
		h->fp_registered = true;
	}
	return 0;
}

/* Unpatches every site; on return no callback is running or will run. */
notrace void rdtrace_hooks_detach(struct rdtrace_hooks *h)
{
	if (h->fp_registered) {
		unregister_fprobe(&h->fp);
		h->fp_registered = false;
	}
	if (h->ops_registered) {
		unregister_ftrace_function(&h->ops);
		h->ops_registered = false;
	}
	/* Callbacks that started before the unregistration have finished. */
	synchronize_rcu();
}

notrace u64 rdtrace_hooks_missed(struct rdtrace_hooks *h)
{
	return READ_ONCE(h->fp.nmissed);
}

notrace void rdtrace_hooks_free(struct rdtrace_hooks *h)
{
	if (!h)
		return;
	rdtrace_hooks_detach(h);
	ftrace_free_filter(&h->ops);
	kfree(h);
}

/* Whether addr is a location ftrace can patch (and so a valid probe). */
notrace int rdtrace_hooks_check_ip(unsigned long ip)
{
	struct ftrace_ops *ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	int err;

	if (!ops)
		return -ENOMEM;
	err = ftrace_set_filter_ips(ops, &ip, 1, 0, 1);
	ftrace_free_filter(ops);
	kfree(ops);
	return err;
}
