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
 */
#include <linux/err.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uprobes.h>
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

static notrace int rdtrace_uprobe_entry(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct rdtrace_uprobe *u = container_of(uc, struct rdtrace_uprobe, uc);
	/* The calling convention's registers (undefined at an offset, as in DTrace). */
	u64 args[RDTRACE_HOOK_NARGS] = { regs->di, regs->si, regs->dx, regs->cx, regs->r8, regs->r9 };

	/* Another process (a fork's child) has the breakpoint: take it out. */
	if (current->mm != u->mm)
		return UPROBE_HANDLER_REMOVE;
	if (current->tgid == u->tgid)
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
				u64 *offset)
{
	struct rdtrace_uprobe *s;
	struct task_struct *task;
	struct mm_struct *mm;
	struct uprobe *uprobe;
	struct file *file;

	*offset = 0;
	if (site >= u->n || u->sites[site].uprobe || pid <= 0)
		return -EINVAL;
	s = &u->sites[site];
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
	uprobe = uprobe_register(file_inode(file), *offset, 0, &s->uc);
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
