// SPDX-License-Identifier: GPL-2.0
/*
 * rdtrace's C shim. Small `notrace` wrappers over static inlines and macros;
 * no logic lives here. See shim.h.
 */
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/ftrace.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include "trace.h" /* struct ftrace_hash, for its entry count */
#include "shim.h"

notrace u32 rdtrace_shim_online_cpus(void)
{
	return num_online_cpus();
}

notrace u32 rdtrace_shim_possible_cpus(void)
{
	return num_possible_cpus();
}

notrace u64 rdtrace_shim_features(void)
{
	u64 f = 0;

	if (IS_ENABLED(CONFIG_DYNAMIC_FTRACE))
		f |= RDTRACE_SHIM_FTRACE;
	if (IS_ENABLED(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS))
		f |= RDTRACE_SHIM_FTRACE_DIRECT;
	if (IS_ENABLED(CONFIG_FPROBE))
		f |= RDTRACE_SHIM_FPROBE;
	if (IS_ENABLED(CONFIG_KPROBES))
		f |= RDTRACE_SHIM_KPROBES;
	if (IS_ENABLED(CONFIG_KRETPROBES))
		f |= RDTRACE_SHIM_KRETPROBES;
	if (IS_ENABLED(CONFIG_KPROBES_ON_FTRACE))
		f |= RDTRACE_SHIM_KPROBES_ON_FTRACE;
	return f;
}

notrace void rdtrace_shim_kernel_release(char *buf, size_t len)
{
	strscpy(buf, utsname()->release, len);
}

/*
 * The number of ftrace-able functions is the size of a filter hash that
 * matches "*" (what available_filter_functions lists). The ops is never
 * registered, so no text is patched.
 */
notrace long rdtrace_shim_count_ftrace_functions(void)
{
	struct ftrace_ops *ops;
	unsigned char glob[] = "*";
	long count;
	int err;

	ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	err = ftrace_set_filter(ops, glob, 1, 1);
	if (err) {
		ftrace_free_filter(ops);
		kfree(ops);
		return err;
	}
	mutex_lock(&ops->func_hash->regex_lock);
	count = ops->func_hash->filter_hash->count;
	mutex_unlock(&ops->func_hash->regex_lock);
	ftrace_free_filter(ops);
	kfree(ops);
	return count;
}

notrace u64 rdtrace_shim_current_tgid(void)
{
	return current->tgid;
}

notrace u64 rdtrace_shim_current_pid(void)
{
	return current->pid;
}

notrace u64 rdtrace_shim_current_ppid(void)
{
	u64 ppid;

	rcu_read_lock();
	ppid = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	return ppid;
}

notrace int rdtrace_shim_current_progenyof(u64 pid)
{
	struct task_struct *t = current;
	int depth, found = 0;

	/* The chain ends at init_task, its own parent; the bound stops a
	 * chain that changes under us from looping. */
	rcu_read_lock();
	for (depth = 0; depth < RDTRACE_SHIM_MAX_ANCESTORS; depth++) {
		struct task_struct *parent;

		if ((u64)task_tgid_nr(t) == pid) {
			found = 1;
			break;
		}
		parent = rcu_dereference(t->real_parent);
		if (!parent || parent == t)
			break;
		t = parent;
	}
	rcu_read_unlock();
	return found;
}

notrace u64 rdtrace_shim_current_uid(void)
{
	return from_kuid_munged(&init_user_ns, current_uid());
}

notrace u64 rdtrace_shim_current_gid(void)
{
	return from_kgid_munged(&init_user_ns, current_gid());
}

notrace u64 rdtrace_shim_current_task(void)
{
	return (u64)(unsigned long)current;
}

notrace size_t rdtrace_shim_current_comm(char *buf, size_t len)
{
	size_t n = min(len, sizeof(current->comm));

	memcpy(buf, current->comm, n);
	return strnlen(buf, n);
}

notrace u64 rdtrace_shim_cpu(void)
{
	return raw_smp_processor_id();
}

notrace u64 rdtrace_shim_mono_ns(void)
{
	return ktime_get_mono_fast_ns();
}

/*
 * vtimestamp: the current thread's time on a CPU, which never goes back.
 * sum_exec_runtime is brought up to date only at ticks, wakeups and
 * switches, so the time since the last update (exec_start, on the clock
 * local_clock() reads) is added. Two things keep that from overshooting
 * what the scheduler will count:
 * - A tick's update (sum += now - exec_start; exec_start = now) can land
 *   between the reads; the pair is read again until exec_start stood
 *   still across them (bounded: ticks are milliseconds apart).
 * - Once a reschedule is pending, the switch may reuse the clock read at
 *   the wakeup that asked for it (rq_clock_skip_update()) and never count
 *   the time since; so while one is pending nothing is added, and the
 *   value stands still until the thread runs again.
 */
notrace u64 rdtrace_shim_current_vtime_ns(void)
{
	struct task_struct *task = current;
	const struct sched_entity *se = &task->se;
	u64 start, sum, now;
	int tries = 4;

	do {
		start = READ_ONCE(se->exec_start);
		barrier();
		sum = READ_ONCE(se->sum_exec_runtime);
		now = local_clock();
		barrier();
	} while (READ_ONCE(se->exec_start) != start && --tries);

	if (test_tsk_need_resched(task) || now <= start)
		return sum;
	return sum + (now - start);
}

notrace u64 rdtrace_shim_wall_ns(void)
{
	return ktime_get_real_fast_ns();
}

notrace unsigned long rdtrace_shim_msecs_to_jiffies(u32 ms)
{
	return msecs_to_jiffies(ms);
}

notrace u64 rdtrace_shim_available_bytes(void)
{
	return (u64)si_mem_available() << PAGE_SHIFT;
}

notrace u32 rdtrace_shim_nr_cpu_ids(void)
{
	return nr_cpu_ids;
}

notrace void rdtrace_shim_preempt_disable(void)
{
	preempt_disable_notrace();
}

notrace void rdtrace_shim_preempt_enable(void)
{
	preempt_enable_notrace();
}

notrace bool rdtrace_shim_perfmon_capable(void)
{
	return perfmon_capable();
}

notrace bool rdtrace_shim_sysadmin_capable(void)
{
	return capable(CAP_SYS_ADMIN);
}

notrace void *rdtrace_shim_file_private(struct file *file)
{
	return file->private_data;
}

notrace void rdtrace_shim_file_set_private(struct file *file, void *data)
{
	file->private_data = data;
}

notrace struct module *rdtrace_shim_this_module(void)
{
	return THIS_MODULE;
}
