// SPDX-License-Identifier: GPL-2.0
/*
 * rdtrace's kprobe provider: a kprobe at function + offset, or a kretprobe
 * on a function's return, for code ftrace cannot patch. This file is the
 * only one that touches struct kprobe and struct kretprobe. Sites are
 * registered disabled at ENABLE (so a refusal names the probe), armed at
 * GO, disarmed at STOP and unregistered at teardown, where the kprobe
 * core waits for running handlers. Everything here is notrace.
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "hooks.h"
#include "kprobes.h"
#include "stacks.h"

struct rdtrace_kprobe {
	/* A plain kprobe uses rp.kp alone. */
	struct kretprobe rp;
	void *owner;
	u32 site;
	bool ret;
	bool registered;
	char symbol[RDTRACE_KPROBE_SYMBOL_LEN];
};

struct rdtrace_kprobes {
	u32 n;
	struct rdtrace_kprobe *sites;
	/* For the batched unregistration: one RCU wait for all sites. */
	struct kprobe **kps;
	struct kretprobe **rps;
};

static notrace int rdtrace_kprobe_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct rdtrace_kprobe *k = container_of(p, struct rdtrace_kprobe, rp.kp);
	struct rdtrace_stack_origin prev;
	unsigned long caller = 0;
	/* The calling convention's registers, as bpftrace reads them. */
	u64 args[RDTRACE_HOOK_NARGS] = { regs->di, regs->si, regs->dx, regs->cx, regs->r8, regs->r9 };

	/* At the function's entry the stack pointer is at the return address. */
	if (p->flags & KPROBE_FLAG_ON_FUNC_ENTRY &&
	    copy_from_kernel_nofault(&caller, (void *)kernel_stack_pointer(regs), sizeof(caller)))
		caller = 0;
	prev = rdtrace_stack_enter((unsigned long)p->addr, kernel_stack_pointer(regs));
	rdtrace_hook_hit(k->owner, RDTRACE_KPROBE_HIT, raw_smp_processor_id(), k->site, caller, args);
	rdtrace_stack_restore(prev);
	return 0;
}

static notrace int rdtrace_kretprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct rdtrace_kprobe *k;
	struct rdtrace_stack_origin prev;
	unsigned long ret_ip = get_kretprobe_retaddr(ri);
	u64 args[RDTRACE_HOOK_NARGS] = {};

	if (!rp)
		return 0;
	k = container_of(rp, struct rdtrace_kprobe, rp);
	/* As fbt return: arg0 is the return address, arg1 the value. */
	args[0] = ret_ip;
	args[1] = regs_return_value(regs);
	prev = rdtrace_stack_enter(ret_ip, kernel_stack_pointer(regs));
	rdtrace_hook_hit(k->owner, RDTRACE_KRETPROBE_HIT, raw_smp_processor_id(), k->site, ret_ip, args);
	rdtrace_stack_restore(prev);
	return 0;
}

notrace struct rdtrace_kprobes *rdtrace_kprobes_new(void *owner, u32 n)
{
	struct rdtrace_kprobes *k = kzalloc(sizeof(*k), GFP_KERNEL);
	u32 i;

	if (!k)
		return NULL;
	k->n = n;
	k->sites = kvcalloc(n, sizeof(*k->sites), GFP_KERNEL);
	k->kps = kvcalloc(n, sizeof(*k->kps), GFP_KERNEL);
	k->rps = kvcalloc(n, sizeof(*k->rps), GFP_KERNEL);
	if (n && (!k->sites || !k->kps || !k->rps)) {
		rdtrace_kprobes_free(k);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		k->sites[i].owner = owner;
		k->sites[i].site = i;
	}
	return k;
}

notrace int rdtrace_kprobes_add(struct rdtrace_kprobes *k, u32 site, const char *symbol, u32 offset,
				bool ret, u32 maxactive, u64 *addr)
{
	struct rdtrace_kprobe *s;
	int err;

	*addr = 0;
	if (site >= k->n)
		return -EINVAL;
	s = &k->sites[site];
	if (s->registered || strscpy(s->symbol, symbol, sizeof(s->symbol)) < 0)
		return -EINVAL;
	s->ret = ret;
	s->rp.kp.symbol_name = s->symbol;
	s->rp.kp.offset = offset;
	/* Registered disarmed: armed at GO, after BEGIN, as fbt's sites. */
	s->rp.kp.flags = KPROBE_FLAG_DISABLED;
	if (ret) {
		s->rp.handler = rdtrace_kretprobe_ret;
		s->rp.maxactive = maxactive;
		err = register_kretprobe(&s->rp);
	} else {
		s->rp.kp.pre_handler = rdtrace_kprobe_pre;
		err = register_kprobe(&s->rp.kp);
	}
	if (err)
		return err;
	s->registered = true;
	*addr = (unsigned long)s->rp.kp.addr;
	/* A handler must never run inside rdtrace (it would recurse). */
	if (within_module((unsigned long)s->rp.kp.addr, THIS_MODULE))
		return -EPERM;
	return 0;
}

notrace int rdtrace_kprobes_enable(struct rdtrace_kprobes *k)
{
	u32 i;
	int err;

	for (i = 0; i < k->n; i++) {
		if (!k->sites[i].registered)
			continue;
		err = enable_kprobe(&k->sites[i].rp.kp);
		if (err)
			return err;
	}
	return 0;
}

notrace void rdtrace_kprobes_disable(struct rdtrace_kprobes *k)
{
	u32 i;

	for (i = 0; i < k->n; i++)
		if (k->sites[i].registered)
			disable_kprobe(&k->sites[i].rp.kp);
}

notrace u64 rdtrace_kprobes_missed(struct rdtrace_kprobes *k)
{
	u64 missed = 0;
	u32 i;

	for (i = 0; i < k->n; i++) {
		struct rdtrace_kprobe *s = &k->sites[i];

		if (!s->registered)
			continue;
		missed += READ_ONCE(s->rp.kp.nmissed);
		if (s->ret)
			missed += READ_ONCE(s->rp.nmissed);
	}
	return missed;
}

notrace void rdtrace_kprobes_free(struct rdtrace_kprobes *k)
{
	u32 i, nkp = 0, nrp = 0;

	if (!k)
		return;
	for (i = 0; k->sites && i < k->n; i++) {
		struct rdtrace_kprobe *s = &k->sites[i];

		if (!s->registered)
			continue;
		if (s->ret)
			k->rps[nrp++] = &s->rp;
		else
			k->kps[nkp++] = &s->rp.kp;
	}
	/* Both wait until no handler of theirs is running. */
	if (nkp)
		unregister_kprobes(k->kps, nkp);
	if (nrp)
		unregister_kretprobes(k->rps, nrp);
	kvfree(k->rps);
	kvfree(k->kps);
	kvfree(k->sites);
	kfree(k);
}
