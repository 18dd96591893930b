// SPDX-License-Identifier: GPL-2.0
/*
 * rdtrace's pid provider: a uprobe (or uretprobe) on the file and offset
 * mapped at a user address of one process. This file is the only one that
 * touches struct uprobe_consumer, the target's mm and its files. A site
 * is registered at ENABLE (uprobes cannot be registered disarmed; the hit
 * path ignores hits until GO) and unregistered at teardown. The filter
 * keeps the breakpoint out of every other process mapping the same file
 * (a library is mapped by many), and the handlers check the thread group,
 * so only the target's threads fire. The breakpoints leave with the
 * target's address space when it exits or execs.
 *
 * A USDT probe is a uprobe whose arguments come from its ELF note: each a
 * constant, a register or user memory at a register plus a displacement
 * (or at an address userspace resolved), read here at the hit and
 * extended to 64 bits by its size. Its semaphore is the uprobe's
 * reference counter: the kernel counts it up in the target while the
 * breakpoint is in, and down when it goes.
 */
#include <linux/err.h>
#include <linux/log2.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uprobes.h>
#include "../uapi/rdtrace.h"
#include "hooks.h"
#include "uprobes.h"

struct rdtrace_uprobe {
	struct uprobe_consumer uc;
	/* NULL until registered. */
	struct uprobe *uprobe;
	/* The mapped file: keeps its inode and mount alive, as uprobes need. */
	struct file *file;
	/* The target's address space (grabbed: the pointer is never reused) and thread group. */
	struct mm_struct *mm;
	pid_t tgid;
	void *owner;
	u32 site;
	/* A USDT probe's arguments (nargs of them); 0 for a pid probe. */
	u32 nargs;
	struct rdtrace_usdt_arg args[RDTRACE_USDT_MAX_ARGS];
};

struct rdtrace_uprobes {
	u32 n;
	struct rdtrace_uprobe *sites;
};

static notrace bool rdtrace_uprobe_filter(struct uprobe_consumer *uc, struct mm_struct *mm)
{
	return mm == container_of(uc, struct rdtrace_uprobe, uc)->mm;
}

static notrace void rdtrace_uprobe_fire(struct rdtrace_uprobe *u, u32 kind, unsigned long caller,
					const u64 *args)
{
	/* Uprobe handlers run in the task, preemptible; the hit path needs its CPU. */
	preempt_disable_notrace();
	rdtrace_hook_hit(u->owner, kind, raw_smp_processor_id(), u->site, caller, args);
	preempt_enable_notrace();
}

/* The register numbering of struct rdtrace_usdt_arg: pt_regs' 64-bit words. */
static_assert(offsetof(struct pt_regs, ax) == 10 * 8 && offsetof(struct pt_regs, di) == 14 * 8);
static_assert(offsetof(struct pt_regs, ip) == 16 * 8 && offsetof(struct pt_regs, sp) == 19 * 8);

/* A USDT argument's value, extended from its size; 0 if its memory faults. */
static notrace u64 rdtrace_usdt_arg(const struct rdtrace_usdt_arg *a, struct pt_regs *regs)
{
	const unsigned long *words = (const unsigned long *)regs;
	unsigned long addr;
	u64 v = 0;

	switch (a->kind) {
	case RDTRACE_USDT_ARG_CONST:
		v = a->value;
		break;
	case RDTRACE_USDT_ARG_REG:
		v = words[a->reg];
		break;
	case RDTRACE_USDT_ARG_MEM:
	case RDTRACE_USDT_ARG_ABS:
		addr = a->value;
		if (a->kind == RDTRACE_USDT_ARG_MEM)
			addr += words[a->reg];
		/* Little-endian: the low `size` bytes of v. */
		if (copy_from_user_nofault(&v, (const void __user *)addr, a->size))
			v = 0;
		break;
	default:
		return 0;
	}
	switch (a->size) {
	case 1:
		return a->is_signed ? (u64)(s64)(s8)v : (u8)v;
	case 2:
		return a->is_signed ? (u64)(s64)(s16)v : (u16)v;
	case 4:
		return a->is_signed ? (u64)(s64)(s32)v : (u32)v;
	default:
		return v;
	}
}

static notrace int rdtrace_uprobe_entry(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct rdtrace_uprobe *u = container_of(uc, struct rdtrace_uprobe, uc);
	/* The calling convention's registers (undefined at an offset, as in DTrace). */
	u64 args[RDTRACE_HOOK_NARGS] = { regs->di, regs->si, regs->dx, regs->cx, regs->r8, regs->r9 };
	u32 i;

	/* Another process (a fork's child) has the breakpoint: take it out. */
	if (current->mm != u->mm)
		return UPROBE_HANDLER_REMOVE;
	if (current->tgid != u->tgid)
		return 0;
	if (u->nargs) {
		/* Read before the hit path turns preemption off: a read may fault. */
		for (i = 0; i < RDTRACE_HOOK_NARGS; i++)
			args[i] = i < u->nargs ? rdtrace_usdt_arg(&u->args[i], regs) : 0;
	}
	rdtrace_uprobe_fire(u, RDTRACE_UPROBE_HIT, 0, args);
	return 0;
}

/* A uretprobe's entry: only keeps other processes from arming the return. */
static notrace int rdtrace_uretprobe_entry(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	return current->mm != container_of(uc, struct rdtrace_uprobe, uc)->mm ? UPROBE_HANDLER_REMOVE : 0;
}

static notrace int rdtrace_uretprobe_ret(struct uprobe_consumer *uc, unsigned long func,
					 struct pt_regs *regs)
{
	struct rdtrace_uprobe *u = container_of(uc, struct rdtrace_uprobe, uc);
	/* arg0 the address returned to, arg1 the value. */
	u64 args[RDTRACE_HOOK_NARGS] = { instruction_pointer(regs), regs_return_value(regs) };

	if (current->tgid == u->tgid)
		rdtrace_uprobe_fire(u, RDTRACE_URETPROBE_HIT, instruction_pointer(regs), args);
	return 0;
}

notrace struct rdtrace_uprobes *rdtrace_uprobes_new(void *owner, u32 n)
{
	struct rdtrace_uprobes *u = kzalloc(sizeof(*u), GFP_KERNEL);
	u32 i;

	if (!u)
		return NULL;
	u->n = n;
	u->sites = kvcalloc(n, sizeof(*u->sites), GFP_KERNEL);
	if (n && !u->sites) {
		kfree(u);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		u->sites[i].owner = owner;
		u->sites[i].site = i;
	}
	return u;
}

/* The file mapped executable at `vaddr` of `mm` (referenced), and its offset there. */
static struct file *rdtrace_uprobe_file_at(struct mm_struct *mm, unsigned long vaddr, u64 *offset)
{
	struct vm_area_struct *vma;
	struct file *file;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, vaddr);
	if (!vma) {
		file = ERR_PTR(-EFAULT);
	} else if (!vma->vm_file || !(vma->vm_flags & VM_EXEC)) {
		file = ERR_PTR(-ENOEXEC);
	} else {
		*offset = vaddr - vma->vm_start + ((u64)vma->vm_pgoff << PAGE_SHIFT);
		file = get_file(vma->vm_file);
	}
	mmap_read_unlock(mm);
	return file;
}

notrace int rdtrace_uprobes_add(struct rdtrace_uprobes *u, u32 site, s32 pid, u64 vaddr, bool ret,
				u64 ref_ctr_offset, const struct rdtrace_usdt_arg *args, u32 nargs,
				u64 *offset)
{
	struct rdtrace_uprobe *s;
	struct task_struct *task;
	struct mm_struct *mm;
	struct uprobe *uprobe;
	struct file *file;
	u32 i;

	*offset = 0;
	if (site >= u->n || u->sites[site].uprobe || pid <= 0 || nargs > RDTRACE_USDT_MAX_ARGS)
		return -EINVAL;
	for (i = 0; i < nargs; i++) {
		/* Userspace checked them; a bad one must not read past the registers. */
		if (args[i].reg >= sizeof(struct pt_regs) / sizeof(long) ||
		    !is_power_of_2(args[i].size) || args[i].size > 8)
			return -EINVAL;
	}
	s = &u->sites[site];
	s->nargs = nargs;
	if (nargs)
		memcpy(s->args, args, nargs * sizeof(*args));
	rcu_read_lock();
	task = get_pid_task(find_vpid(pid), PIDTYPE_PID);
	rcu_read_unlock();
	if (!task)
		return -ESRCH;
	mm = get_task_mm(task);
	s->tgid = task->tgid;
	put_task_struct(task);
	if (!mm)
		return -ESRCH;
	file = rdtrace_uprobe_file_at(mm, vaddr, offset);
	if (IS_ERR(file)) {
		mmput(mm);
		return PTR_ERR(file);
	}
	mmgrab(mm);
	mmput(mm);
	s->mm = mm;
	s->file = file;
	s->uc.filter = rdtrace_uprobe_filter;
	if (ret) {
		s->uc.handler = rdtrace_uretprobe_entry;
		s->uc.ret_handler = rdtrace_uretprobe_ret;
	} else {
		s->uc.handler = rdtrace_uprobe_entry;
	}
	uprobe = uprobe_register(file_inode(file), *offset, ref_ctr_offset, &s->uc);
	if (IS_ERR(uprobe)) {
		s->file = NULL;
		s->mm = NULL;
		fput(file);
		mmdrop(mm);
		return PTR_ERR(uprobe);
	}
	s->uprobe = uprobe;
	return 0;
}

notrace void rdtrace_uprobes_free(struct rdtrace_uprobes *u)
{
	bool any = false;
	u32 i;

	if (!u)
		return;
	for (i = 0; u->sites && i < u->n; i++) {
		if (u->sites[i].uprobe) {
			uprobe_unregister_nosync(u->sites[i].uprobe, &u->sites[i].uc);
			any = true;
		}
	}
	/* One wait for every handler still running. */
	if (any)
		uprobe_unregister_sync();
	for (i = 0; u->sites && i < u->n; i++) {
		if (u->sites[i].file)
			fput(u->sites[i].file);
		if (u->sites[i].mm)
			mmdrop(u->sites[i].mm);
	}
	kvfree(u->sites);
	kfree(u);
}
