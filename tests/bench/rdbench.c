// SPDX-License-Identifier: GPL-2.0
/*
 * rdbench: the benchmark's in-kernel instrument (`make bench`).
 *
 * One noinline target, rdbench_target(), is called in a tight loop by one
 * kthread per online CPU for a fixed time; each CPU reports its calls and the
 * nanoseconds they took. The peers of rdtrace's FBT probes are attached here,
 * each with the same handler body: one per-CPU increment, so every
 * mechanism's cost is its own and the hit count proves it fired.
 *
 * Control through /proc/rdbench (root only):
 *   echo "attach MECH" > /proc/rdbench   MECH: kprobe-ftrace (func+0, the
 *        ftrace-based kprobe), kprobe-insn (the first instruction past the
 *        fentry site: int3, or an optprobe once the optimizer has run),
 *        kretprobe, fprobe-entry, fprobe-exit, ftrace-ops
 *   echo detach > /proc/rdbench
 *   echo "run MS" > /proc/rdbench        blocks for MS milliseconds
 *   cat /proc/rdbench                    one line per CPU of the last run:
 *                                        CPU CALLS ELAPSED_NS HITS|-
 *   cat /proc/rdbench_busy               nanoseconds the CPUs have spent
 *                                        neither idle nor in iowait, summed
 *                                        (under -icount: instructions run)
 */
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/fprobe.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/tick.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#define RDBENCH_MAX_RUN_MS 60000
#define RDBENCH_CALLS_PER_CHECK 256

/* The probed function: a few relocatable instructions after the fentry site
 * so that an optprobe has room for its jump. Global, so that kallsyms,
 * ftrace and BTF name it as every peer expects. */
u64 rdbench_target(u64 x);
noinline u64 rdbench_target(u64 x)
{
	asm volatile("" : "+r"(x));
	return x * 3 + 7;
}

static DEFINE_PER_CPU(u64, rdbench_hits);
static DEFINE_MUTEX(rdbench_lock);

static inline void rdbench_hit(void)
{
	this_cpu_inc(rdbench_hits);
}

/* --- The peers' handlers: each is the one increment. --- */

static notrace int rdbench_kprobe_pre(struct kprobe *p, struct pt_regs *regs)
{
	rdbench_hit();
	return 0;
}

static notrace int rdbench_kretprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	rdbench_hit();
	return 0;
}

static notrace int rdbench_fprobe_entry(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
					struct pt_regs *regs, void *data)
{
	rdbench_hit();
	return 0;
}

static notrace void rdbench_fprobe_exit(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
					struct pt_regs *regs, void *data)
{
	rdbench_hit();
}

/* The same recursion guard rdtrace's own ftrace_ops handler takes. */
static notrace void rdbench_ftrace_func(unsigned long ip, unsigned long parent_ip,
					struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	int bit = ftrace_test_recursion_trylock(ip, parent_ip);

	if (bit < 0)
		return;
	rdbench_hit();
	ftrace_test_recursion_unlock(bit);
}

/* --- Attaching one mechanism at a time. --- */

enum rdbench_mech { MECH_NONE, MECH_KPROBE, MECH_KRETPROBE, MECH_FPROBE, MECH_FTRACE_OPS };

static struct {
	enum rdbench_mech mech;
	struct kprobe kp;
	struct kretprobe krp;
	struct fprobe fp;
	struct ftrace_ops ops;
} rdbench_attached;

/*
 * The offset of the first instruction after the fentry site: an optional
 * endbr64, then the 5-byte fentry call (a nop5 while ftrace is idle).
 */
static int rdbench_past_fentry(void)
{
	static const u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	static const u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	const u8 *text = (const u8 *)rdbench_target;
	int off = 0;

	if (!memcmp(text, endbr64, sizeof(endbr64)))
		off = sizeof(endbr64);
	if (text[off] != 0xe8 && memcmp(text + off, nop5, sizeof(nop5)))
		return -ENOEXEC;
	return off + 5;
}

static int rdbench_attach(const char *what)
{
	int err, off;

	if (rdbench_attached.mech != MECH_NONE)
		return -EBUSY;
	memset(&rdbench_attached, 0, sizeof(rdbench_attached));
	if (!strcmp(what, "kprobe-ftrace") || !strcmp(what, "kprobe-insn")) {
		off = 0;
		if (!strcmp(what, "kprobe-insn")) {
			off = rdbench_past_fentry();
			if (off < 0)
				return off;
		}
		rdbench_attached.kp.symbol_name = "rdbench_target";
		rdbench_attached.kp.offset = off;
		rdbench_attached.kp.pre_handler = rdbench_kprobe_pre;
		err = register_kprobe(&rdbench_attached.kp);
		rdbench_attached.mech = MECH_KPROBE;
	} else if (!strcmp(what, "kretprobe")) {
		rdbench_attached.krp.kp.symbol_name = "rdbench_target";
		rdbench_attached.krp.handler = rdbench_kretprobe_ret;
		rdbench_attached.krp.maxactive = 4 * num_possible_cpus();
		err = register_kretprobe(&rdbench_attached.krp);
		rdbench_attached.mech = MECH_KRETPROBE;
	} else if (!strcmp(what, "fprobe-entry") || !strcmp(what, "fprobe-exit")) {
		if (!strcmp(what, "fprobe-entry"))
			rdbench_attached.fp.entry_handler = rdbench_fprobe_entry;
		else
			rdbench_attached.fp.exit_handler = rdbench_fprobe_exit;
		err = register_fprobe(&rdbench_attached.fp, "rdbench_target", NULL);
		rdbench_attached.mech = MECH_FPROBE;
	} else if (!strcmp(what, "ftrace-ops")) {
		rdbench_attached.ops.func = rdbench_ftrace_func;
		rdbench_attached.ops.flags = FTRACE_OPS_FL_RECURSION;
		err = ftrace_set_filter_ip(&rdbench_attached.ops, (unsigned long)rdbench_target, 0, 0);
		if (!err)
			err = register_ftrace_function(&rdbench_attached.ops);
		if (err)
			ftrace_free_filter(&rdbench_attached.ops);
		rdbench_attached.mech = MECH_FTRACE_OPS;
	} else {
		return -EINVAL;
	}
	if (err)
		rdbench_attached.mech = MECH_NONE;
	return err;
}

static void rdbench_detach(void)
{
	switch (rdbench_attached.mech) {
	case MECH_KPROBE:
		unregister_kprobe(&rdbench_attached.kp);
		break;
	case MECH_KRETPROBE:
		unregister_kretprobe(&rdbench_attached.krp);
		break;
	case MECH_FPROBE:
		unregister_fprobe(&rdbench_attached.fp);
		break;
	case MECH_FTRACE_OPS:
		unregister_ftrace_function(&rdbench_attached.ops);
		ftrace_free_filter(&rdbench_attached.ops);
		break;
	case MECH_NONE:
		break;
	}
	rdbench_attached.mech = MECH_NONE;
}

/* --- The timed loop, one kthread per online CPU. --- */

struct rdbench_cpu {
	/* Set for the CPUs of the last run; not dereferenced once it ended. */
	struct task_struct *task;
	struct completion done;
	u64 run_ns;
	u64 calls;
	u64 elapsed_ns;
	u64 hits;
};

static struct rdbench_cpu *rdbench_cpus; /* nr_cpu_ids entries */
static u64 rdbench_sink;

static int rdbench_loop(void *data)
{
	struct rdbench_cpu *c = data;
	u64 start, now, calls = 0, sink = 0;
	int i;

	this_cpu_write(rdbench_hits, 0);
	start = ktime_get_ns();
	do {
		for (i = 0; i < RDBENCH_CALLS_PER_CHECK; i++)
			sink += rdbench_target(calls + i);
		calls += RDBENCH_CALLS_PER_CHECK;
		/* Lets a consumer on this CPU drain, as it would in real use. */
		cond_resched();
		now = ktime_get_ns();
	} while (now - start < c->run_ns);
	c->calls = calls;
	c->elapsed_ns = now - start;
	c->hits = this_cpu_read(rdbench_hits);
	WRITE_ONCE(rdbench_sink, sink);
	kthread_complete_and_exit(&c->done, 0);
}

/* Runs the loop on every online CPU at once for @ms milliseconds. */
static int rdbench_run(u64 ms)
{
	struct rdbench_cpu *c;
	int cpu, err = 0;

	if (!ms || ms > RDBENCH_MAX_RUN_MS)
		return -EINVAL;
	cpus_read_lock();
	for_each_possible_cpu(cpu)
		rdbench_cpus[cpu].task = NULL;
	for_each_online_cpu(cpu) {
		c = &rdbench_cpus[cpu];
		init_completion(&c->done);
		c->run_ns = ms * NSEC_PER_MSEC;
		c->calls = 0;
		c->task = kthread_create_on_cpu(rdbench_loop, c, cpu, "rdbench/%u");
		if (IS_ERR(c->task)) {
			err = PTR_ERR(c->task);
			c->task = NULL;
			break;
		}
	}
	/* Started only once all exist, so that the CPUs run side by side. */
	for_each_online_cpu(cpu) {
		c = &rdbench_cpus[cpu];
		if (!c->task)
			continue;
		if (err) {
			kthread_stop(c->task); /* never woken: its loop never runs */
			c->task = NULL;
		} else {
			wake_up_process(c->task);
		}
	}
	for_each_online_cpu(cpu) {
		if (rdbench_cpus[cpu].task)
			wait_for_completion(&rdbench_cpus[cpu].done);
	}
	cpus_read_unlock();
	return err;
}

/* --- /proc/rdbench --- */

static ssize_t rdbench_write(struct file *file, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[64], *cmd, *arg;
	u64 ms;
	int err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	arg = strim(buf);
	cmd = strsep(&arg, " ");
	mutex_lock(&rdbench_lock);
	if (!strcmp(cmd, "attach") && arg) {
		err = rdbench_attach(strim(arg));
	} else if (!strcmp(cmd, "detach") && !arg) {
		rdbench_detach();
		err = 0;
	} else if (!strcmp(cmd, "run") && arg) {
		err = kstrtou64(strim(arg), 10, &ms);
		if (!err)
			err = rdbench_run(ms);
	} else {
		err = -EINVAL;
	}
	mutex_unlock(&rdbench_lock);
	return err ? err : len;
}

static ssize_t rdbench_read(struct file *file, char __user *ubuf, size_t len, loff_t *pos)
{
	size_t size = 64 * nr_cpu_ids, used = 0;
	char *text = kmalloc(size, GFP_KERNEL);
	ssize_t ret;
	int cpu;

	if (!text)
		return -ENOMEM;
	mutex_lock(&rdbench_lock);
	for_each_possible_cpu(cpu) {
		struct rdbench_cpu *c = &rdbench_cpus[cpu];

		if (!c->task)
			continue;
		if (rdbench_attached.mech == MECH_NONE)
			used += scnprintf(text + used, size - used, "%d %llu %llu -\n",
					  cpu, c->calls, c->elapsed_ns);
		else
			used += scnprintf(text + used, size - used, "%d %llu %llu %llu\n",
					  cpu, c->calls, c->elapsed_ns, c->hits);
	}
	mutex_unlock(&rdbench_lock);
	ret = simple_read_from_buffer(ubuf, len, pos, text, used);
	kfree(text);
	return ret;
}

static const struct proc_ops rdbench_proc_ops = {
	.proc_read = rdbench_read,
	.proc_write = rdbench_write,
	.proc_lseek = default_llseek,
};

/*
 * The CPUs' busy time, from the NO_HZ idle accounting (microseconds): the
 * setup rows' measure under -icount, where waits on the 9p root and on RCU
 * jump the guest's clock and would read as work.
 */
static int rdbench_busy_show(struct seq_file *m, void *v)
{
	u64 now = ktime_get_ns(), busy = 0;
	int cpu;

	for_each_online_cpu(cpu) {
		u64 idle = get_cpu_idle_time_us(cpu, NULL);
		u64 iowait = get_cpu_iowait_time_us(cpu, NULL);

		/* -1: no NO_HZ idle accounting, so nothing to report. */
		if (idle == (u64)-1 || iowait == (u64)-1)
			return -EOPNOTSUPP;
		busy += now - (idle + iowait) * NSEC_PER_USEC;
	}
	seq_printf(m, "%llu\n", busy);
	return 0;
}

static int __init rdbench_init(void)
{
	rdbench_cpus = kcalloc(nr_cpu_ids, sizeof(*rdbench_cpus), GFP_KERNEL);
	if (!rdbench_cpus)
		return -ENOMEM;
	if (!proc_create("rdbench", 0600, NULL, &rdbench_proc_ops))
		goto no_proc;
	if (!proc_create_single("rdbench_busy", 0400, NULL, rdbench_busy_show))
		goto no_busy;
	return 0;
no_busy:
	remove_proc_entry("rdbench", NULL);
no_proc:
	kfree(rdbench_cpus);
	return -ENOMEM;
}

static void __exit rdbench_exit(void)
{
	remove_proc_entry("rdbench_busy", NULL);
	remove_proc_entry("rdbench", NULL);
	mutex_lock(&rdbench_lock);
	rdbench_detach();
	mutex_unlock(&rdbench_lock);
	kfree(rdbench_cpus);
}

module_init(rdbench_init);
module_exit(rdbench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("rdtrace benchmark: a probed function called in a loop on every CPU");
