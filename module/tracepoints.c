// SPDX-License-Identifier: GPL-2.0
/*
 * rdtrace's tracepoint probes: one tracepoint_probe_register per
 * tracepoint a session probes, its callback handed the tracepoint's
 * TP_PROTO arguments as BPF's raw tracepoints have them. The callback is
 * one generic function of six 64-bit arguments after `data`, called
 * through the tracepoint's static call as if it had the tracepoint's own
 * prototype: on x86-64 every argument a tracepoint passes is a register
 * or a stack word (none is a struct by value), and this kernel has no
 * kCFI (CONFIG_CFI_CLANG is off) to reject the mismatched type. Arguments
 * past the tracepoint's own count are not its and are zeroed. Only
 * vmlinux's tracepoints: modules' are not reachable through an exported
 * iterator. This file is the only one that touches struct tracepoint;
 * everything is notrace.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include "tracepoints.h"
#include "stacks.h"

struct rdtrace_tp {
	struct rdtrace_tps *set;
	struct tracepoint *tp;
	u32 index;
	u32 nargs;
	bool registered;
};

struct rdtrace_tps {
	void *owner;
	u32 n;
	struct rdtrace_tp tps[];
};

#ifdef CONFIG_CFI_CLANG
#error "the generic tracepoint callback needs a kernel without kCFI"
#endif

/*
 * Where the stack walk for stack() starts: the slot above this callback's
 * return address, found among the few words of its own frame (bounded;
 * 0, the frame alone, if not found).
 */
static __always_inline unsigned long rdtrace_tp_stack_sp(unsigned long ret)
{
	unsigned long *sp = (unsigned long *)current_stack_pointer;
	int i;

	for (i = 0; i < 32; i++)
		if (sp[i] == ret)
			return (unsigned long)&sp[i + 1];
	return 0;
}

static notrace void rdtrace_tp_callback(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct rdtrace_tp *p = data;
	u64 args[RDTRACE_TP_NARGS] = { a0, a1, a2, a3, a4, a5 };
	unsigned long ret = (unsigned long)__builtin_return_address(0);
	struct rdtrace_stack_origin prev;
	u32 i;

	for (i = p->nargs; i < RDTRACE_TP_NARGS; i++)
		args[i] = 0;
	/* Tracepoints run their probes with preemption off. */
	prev = rdtrace_stack_enter(ret, rdtrace_tp_stack_sp(ret));
	rdtrace_tp_hit(p->set->owner, p->index, raw_smp_processor_id(), args);
	rdtrace_stack_restore(prev);
}

struct rdtrace_tp_lookup {
	const char *name;
	struct tracepoint *found;
};

static notrace void rdtrace_tp_match(struct tracepoint *tp, void *priv)
{
	struct rdtrace_tp_lookup *l = priv;

	if (!l->found && !strcmp(tp->name, l->name))
		l->found = tp;
}

static notrace struct tracepoint *rdtrace_tp_find(const char *name)
{
	struct rdtrace_tp_lookup l = { .name = name };

	for_each_kernel_tracepoint(rdtrace_tp_match, &l);
	return l.found;
}

notrace bool rdtrace_tps_exists(const char *name)
{
	return rdtrace_tp_find(name) != NULL;
}

notrace struct rdtrace_tps *rdtrace_tps_new(void *owner, u32 n)
{
	struct rdtrace_tps *t = kzalloc(struct_size(t, tps, n), GFP_KERNEL);
	u32 i;

	if (!t)
		return NULL;
	t->owner = owner;
	t->n = n;
	for (i = 0; i < n; i++) {
		t->tps[i].set = t;
		t->tps[i].index = i;
	}
	return t;
}

notrace int rdtrace_tps_set(struct rdtrace_tps *t, u32 i, const char *name, u32 nargs)
{
	struct tracepoint *tp;

	if (i >= t->n || t->tps[i].registered)
		return -EINVAL;
	tp = rdtrace_tp_find(name);
	if (!tp)
		return -ENOENT;
	t->tps[i].tp = tp;
	t->tps[i].nargs = min_t(u32, nargs, RDTRACE_TP_NARGS);
	return 0;
}

notrace int rdtrace_tps_attach(struct rdtrace_tps *t)
{
	u32 i;
	int err;

	for (i = 0; t && i < t->n; i++) {
		struct rdtrace_tp *p = &t->tps[i];

		if (!p->tp || p->registered)
			continue;
		err = tracepoint_probe_register(p->tp, (void *)rdtrace_tp_callback, p);
		if (err) {
			rdtrace_tps_detach(t);
			return err;
		}
		p->registered = true;
	}
	return 0;
}

notrace void rdtrace_tps_detach(struct rdtrace_tps *t)
{
	bool any = false;
	u32 i;

	for (i = 0; t && i < t->n; i++) {
		struct rdtrace_tp *p = &t->tps[i];

		if (!p->registered)
			continue;
		tracepoint_probe_unregister(p->tp, (void *)rdtrace_tp_callback, p);
		p->registered = false;
		any = true;
	}
	/* Callbacks that started before the unregistration have finished. */
	if (any)
		tracepoint_synchronize_unregister();
}

notrace void rdtrace_tps_free(struct rdtrace_tps *t)
{
	if (!t)
		return;
	rdtrace_tps_detach(t);
	kfree(t);
}
