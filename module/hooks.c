// SPDX-License-Identifier: GPL-2.0
/*
 * rdtrace's probe hooks: entry probes by an ftrace direct call into one of
 * rdtrace's own trampolines (direct_tramp.S), or, where a direct call
 * cannot be had (another direct user, such as a BPF trampoline, on one of
 * the functions; every slot taken; more than RDTRACE_DIRECT_MAX_SITES
 * functions; ENABLE_SHARED_ENTRY), by one ftrace_ops;
 * return probes of functions whose arguments are all in registers by a
 * second direct call, into a trampoline that calls the function itself
 * (direct_tramp.S), and other return probes by one fprobe. This file is the only one that touches
 * struct ftrace_ops and struct fprobe; it passes each hit, with its
 * arguments, to the Rust dispatcher, which takes ftrace's recursion lock
 * (rdtrace_hooks_fire) only for a hit its gates let through.
 * Everything here is notrace.
 */
#include <linux/ftrace.h>
#include <linux/fprobe.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include "hooks.h"
#include "stacks.h"
#include "direct_tramp.h"
#include "called.h"
#include <linux/mutex.h>
#include <linux/rcupdate.h>

struct rdtrace_hooks {
	struct ftrace_ops ops;
	/* Registered by register_ftrace_direct; entry through direct_slot. */
	struct ftrace_ops direct_ops;
	/* Registered likewise; entry and return through direct_slot's ret tramp. */
	struct ftrace_ops direct_ret_ops;
	struct fprobe fp;
	void *owner;
	int direct_slot;
	/* This claim of direct_slot; a called function's return is its own. */
	unsigned long direct_gen;
	bool ops_registered;
	bool direct_registered;
	bool direct_ret_registered;
	/* Whether some function the return trampoline calls has entry probes. */
	bool called_entries;
	bool fp_registered;
};

static void (*const rdtrace_direct_tramps[RDTRACE_DIRECT_SLOTS])(void) = {
	rdtrace_direct_tramp_0, rdtrace_direct_tramp_1,
	rdtrace_direct_tramp_2, rdtrace_direct_tramp_3,
};

static void (*const rdtrace_direct_ret_tramps[RDTRACE_DIRECT_SLOTS])(void) = {
	rdtrace_direct_ret_tramp_0, rdtrace_direct_ret_tramp_1,
	rdtrace_direct_ret_tramp_2, rdtrace_direct_ret_tramp_3,
};

/*
 * Each slot's session, read by its trampoline's hits. Set before the
 * direct call is registered; cleared after it is unregistered, then an RCU
 * grace period passes before the hooks are freed (hits read it with
 * preemption off).
 */
static struct rdtrace_hooks *rdtrace_direct_owners[RDTRACE_DIRECT_SLOTS];
u8 rdtrace_direct_armed[RDTRACE_DIRECT_SLOTS];
static DEFINE_MUTEX(rdtrace_direct_lock);
static bool rdtrace_direct_used;
/* The last claim's generation (under rdtrace_direct_lock); 0 is none. */
static unsigned long rdtrace_direct_last_gen;

notrace void rdtrace_direct_hit(unsigned int slot, unsigned long ret_ip, unsigned long parent_ip,
				const u64 *args, unsigned long sp)
{
	/* ip: the fentry call's address, ftrace's (and the probe table's). */
	const struct rdtrace_hit_site site = {
		.ip = ret_ip - MCOUNT_INSN_SIZE, .parent_ip = parent_ip,
		.pc = ret_ip, .sp = sp, .lock = true,
	};
	struct rdtrace_hooks *h;

	/*
	 * No recursion lock yet: the hit's gates call nothing traceable, and
	 * its general path takes the lock (rdtrace_hooks_fire).
	 * Preemption off keeps the hooks alive and the CPU ours.
	 */
	preempt_disable_notrace();
	h = READ_ONCE(rdtrace_direct_owners[slot % RDTRACE_DIRECT_SLOTS]);
	if (h)
		rdtrace_hook_entry_hit(h->owner, raw_smp_processor_id(), &site, args);
	preempt_enable_notrace();
}

notrace unsigned long rdtrace_direct_ret_enter(unsigned int slot, unsigned long ret_ip,
					       unsigned long parent_ip, const u64 *args,
					       unsigned long sp)
{
	const struct rdtrace_hit_site site = {
		.ip = ret_ip - MCOUNT_INSN_SIZE, .parent_ip = parent_ip,
		.pc = ret_ip, .sp = sp, .lock = true,
	};
	struct rdtrace_hooks *h;
	unsigned long gen = 0;

	/* As rdtrace_direct_hit; the count goes up before the session can go. */
	preempt_disable_notrace();
	h = READ_ONCE(rdtrace_direct_owners[slot % RDTRACE_DIRECT_SLOTS]);
	if (h) {
		if (h->called_entries)
			rdtrace_hook_entry_hit(h->owner, raw_smp_processor_id(), &site, args);
		rdtrace_called_enter();
		gen = h->direct_gen;
	}
	preempt_enable_notrace();
	return gen;
}

notrace void rdtrace_direct_ret_exit(unsigned int slot, unsigned long gen, unsigned long ret_ip,
				     unsigned long parent_ip, unsigned long retval,
				     unsigned long sp)
{
	/* The function has returned: the stack starts in its caller. */
	const struct rdtrace_hit_site site = {
		.ip = ret_ip - MCOUNT_INSN_SIZE, .parent_ip = parent_ip,
		.pc = parent_ip, .sp = sp, .lock = true,
	};
	/* As DTrace: arg0 is the return address, arg1 the return value. */
	u64 args[RDTRACE_HOOK_NARGS] = { parent_ip, retval };
	struct rdtrace_hooks *h;

	/*
	 * The session that called may have ended, and its slot gone to
	 * another: only the same claim sees the return. Hooks are freed an
	 * RCU grace period after their slot is released.
	 */
	preempt_disable_notrace();
	h = READ_ONCE(rdtrace_direct_owners[slot % RDTRACE_DIRECT_SLOTS]);
	if (h && h->direct_gen == gen)
		rdtrace_hook_return_hit(h->owner, raw_smp_processor_id(), &site, args);
	preempt_enable_notrace();
	rdtrace_called_leave();
}

notrace void rdtrace_hooks_fire(void *owner, u32 cpu, const void *targets, size_t n,
				const u64 *args, const struct rdtrace_hit_site *site)
{
	struct rdtrace_stack_origin prev;
	int bit = 0;

	if (site->lock) {
		bit = ftrace_test_recursion_trylock(site->ip, site->parent_ip);
		if (bit < 0) {
			rdtrace_hook_refused(owner, cpu);
			return;
		}
	}
	prev = rdtrace_stack_enter(site->pc, site->sp);
	rdtrace_hook_fire(owner, cpu, targets, n, args, site->parent_ip);
	rdtrace_stack_restore(prev);
	if (site->lock)
		ftrace_test_recursion_unlock(bit);
}

/* Takes a free slot for `h`: its index, or -1 if none is free. */
static notrace int rdtrace_direct_claim(struct rdtrace_hooks *h)
{
	int slot, got = -1;

	mutex_lock(&rdtrace_direct_lock);
	for (slot = 0; slot < RDTRACE_DIRECT_SLOTS; slot++) {
		if (!rdtrace_direct_owners[slot]) {
			h->direct_gen = ++rdtrace_direct_last_gen;
			/* Hits read the generation through the owner. */
			smp_store_release(&rdtrace_direct_owners[slot], h);
			rdtrace_direct_used = true;
			got = slot;
			break;
		}
	}
	mutex_unlock(&rdtrace_direct_lock);
	return got;
}

static notrace void rdtrace_direct_release(int slot)
{
	mutex_lock(&rdtrace_direct_lock);
	WRITE_ONCE(rdtrace_direct_owners[slot], NULL);
	mutex_unlock(&rdtrace_direct_lock);
}

/* Registers `ops` on `ips` (n > 0) as a direct call into `tramp`. */
static notrace int rdtrace_direct_register(struct ftrace_ops *ops, unsigned long *ips,
					   unsigned int n, void (*tramp)(void))
{
	int err = ftrace_set_filter_ips(ops, ips, n, 0, 1);

	if (!err)
		err = register_ftrace_direct(ops, (unsigned long)tramp);
	if (err)
		ftrace_free_filter(ops);
	return err;
}

/*
 * Enters the functions at `ips` by direct call, and those at `called_ips`
 * by direct call into the return trampoline: 0, or an error (-EBUSY when
 * another direct user has one of them) after which nothing is left
 * registered.
 */
static notrace int rdtrace_direct_attach(struct rdtrace_hooks *h, unsigned long *ips,
					 unsigned int n, unsigned long *called_ips,
					 unsigned int n_called)
{
	int slot = rdtrace_direct_claim(h), err;

	if (slot < 0)
		return -EBUSY;
	if (n) {
		err = rdtrace_direct_register(&h->direct_ops, ips, n, rdtrace_direct_tramps[slot]);
		if (err)
			goto release;
	}
	if (n_called) {
		err = rdtrace_called_hold();
		if (err)
			goto unregister;
		err = rdtrace_direct_register(&h->direct_ret_ops, called_ips, n_called,
					      rdtrace_direct_ret_tramps[slot]);
		if (err) {
			rdtrace_called_release();
			goto unregister;
		}
	}
	h->direct_slot = slot;
	h->direct_registered = n;
	WRITE_ONCE(rdtrace_direct_armed[slot], 1);
	h->direct_ret_registered = n_called;
	return 0;
unregister:
	if (n)
		unregister_ftrace_direct(&h->direct_ops, (unsigned long)rdtrace_direct_tramps[slot], true);
release:
	rdtrace_direct_release(slot);
	return err;
}

static notrace void rdtrace_entry_callback(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct rdtrace_hooks *h = container_of(op, struct rdtrace_hooks, ops);
	/*
	 * The stack starts in the probed function, just after its fentry
	 * call; the stack pointer is the one its body sees (at the return
	 * address into its caller).
	 */
	const struct rdtrace_hit_site site = {
		.ip = ip, .parent_ip = parent_ip, .pc = ip + MCOUNT_INSN_SIZE,
		.sp = ftrace_regs_get_stack_pointer(fregs), .lock = true,
	};
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

	/* As rdtrace_direct_hit: the general path takes the recursion lock. */
	preempt_disable_notrace();
	rdtrace_hook_entry_hit(h->owner, raw_smp_processor_id(), &site, args);
	preempt_enable_notrace();
}

static notrace void rdtrace_exit_callback(struct fprobe *fp, unsigned long entry_ip,
					   unsigned long ret_ip, struct pt_regs *regs,
					   void *entry_data)
{
	struct rdtrace_hooks *h = container_of(fp, struct rdtrace_hooks, fp);
	/*
	 * fprobe's exit handler holds ftrace's recursion lock (and so keeps
	 * preemption off) around this call. The function has returned: the
	 * stack starts in its caller.
	 */
	const struct rdtrace_hit_site site = {
		.ip = entry_ip, .parent_ip = ret_ip, .pc = ret_ip,
		.sp = kernel_stack_pointer(regs), .lock = false,
	};
	/* As DTrace: arg0 is the return address, arg1 the return value. */
	u64 args[RDTRACE_HOOK_NARGS] = { ret_ip, regs_return_value(regs) };

	rdtrace_hook_return_hit(h->owner, raw_smp_processor_id(), &site, args);
}

notrace struct rdtrace_hooks *rdtrace_hooks_new(void *owner)
{
	struct rdtrace_hooks *h = kzalloc(sizeof(*h), GFP_KERNEL);

	if (!h)
		return NULL;
	h->owner = owner;
	h->direct_slot = -1;
	h->ops.func = rdtrace_entry_callback;
	/*
	 * No FTRACE_OPS_FL_RECURSION: a hit takes the recursion lock itself
	 * once its gates let it through, and with the flag ftrace would call it through
	 * ftrace_ops_assist_func, which takes the same lock a second time
	 * (about 50 instructions a hit).
	 */
	h->ops.flags = 0;
	h->fp.exit_handler = rdtrace_exit_callback;
	return h;
}

notrace int rdtrace_hooks_attach(struct rdtrace_hooks *h,
				 unsigned long *entry_ips, unsigned int n_entry,
				 unsigned long *return_ips, unsigned int n_return,
				 unsigned int n_called, bool called_entries, bool shared_entry)
{
	unsigned int n_direct = n_entry - n_called;
	int err;

	h->called_entries = called_entries;
	/* Without direct calls, the called functions' returns go by fprobe. */
	if (n_entry && n_entry <= RDTRACE_DIRECT_MAX_SITES && !shared_entry &&
	    rdtrace_direct_attach(h, entry_ips, n_direct, entry_ips + n_direct, n_called) == 0) {
		n_entry = 0;
		n_return -= n_called;
	}
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
	/* Detached already (STOP, then the session's free): nothing to wait for. */
	if (!h->fp_registered && !h->ops_registered && !h->direct_registered &&
	    !h->direct_ret_registered && h->direct_slot < 0)
		return;
	if (h->fp_registered) {
		unregister_fprobe(&h->fp);
		h->fp_registered = false;
	}
	if (h->ops_registered) {
		unregister_ftrace_function(&h->ops);
		h->ops_registered = false;
	}
	if (h->direct_slot >= 0)
		WRITE_ONCE(rdtrace_direct_armed[h->direct_slot], 0);
	if (h->direct_registered) {
		unregister_ftrace_direct(&h->direct_ops,
					 (unsigned long)rdtrace_direct_tramps[h->direct_slot], true);
		h->direct_registered = false;
	}
	if (h->direct_ret_registered)
		unregister_ftrace_direct(&h->direct_ret_ops,
					 (unsigned long)rdtrace_direct_ret_tramps[h->direct_slot], true);
	if (h->direct_slot >= 0) {
		rdtrace_direct_release(h->direct_slot);
		h->direct_slot = -1;
	}
	/* Callbacks that started before the unregistration have finished. */
	synchronize_rcu();
	if (h->direct_ret_registered) {
		/* No new call will start: the reaper drops the reference. */
		h->direct_ret_registered = false;
		rdtrace_called_release();
	}
}

/*
 * At module exit: a task preempted inside a trampoline, before its hit
 * disabled preemption, has left the module's text.
 */
notrace void rdtrace_hooks_quiesce(void)
{
	rdtrace_called_quiesce();
	if (rdtrace_direct_used)
		synchronize_rcu_tasks();
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
