/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rdtrace's C shim: static inlines and macros the Rust side cannot call
 * directly. Every function is `notrace`, so the shim is never traced.
 */
#ifndef RDTRACE_SHIM_H
#define RDTRACE_SHIM_H

#include <linux/types.h>

struct file;
struct module;

/* Feature bits, as in uapi/src/info.rs's `feature` module. */
#define RDTRACE_SHIM_FTRACE            (1ULL << 0)
#define RDTRACE_SHIM_FTRACE_DIRECT     (1ULL << 1)
#define RDTRACE_SHIM_FPROBE            (1ULL << 2)
#define RDTRACE_SHIM_KPROBES           (1ULL << 3)
#define RDTRACE_SHIM_KRETPROBES        (1ULL << 4)
#define RDTRACE_SHIM_KPROBES_ON_FTRACE (1ULL << 5)

/* Facts about the running kernel. */
u32 rdtrace_shim_online_cpus(void);
u32 rdtrace_shim_possible_cpus(void);
u64 rdtrace_shim_features(void);
/* Copies `uname -r` into buf (NUL-terminated, truncated to len). */
void rdtrace_shim_kernel_release(char *buf, size_t len);
/* Functions ftrace can trace, or a negative errno. Sleeps; process context. */
long rdtrace_shim_count_ftrace_functions(void);

/* The current task, for DIF builtins. Safe in any context. */
u64 rdtrace_shim_current_tgid(void);
u64 rdtrace_shim_current_pid(void);
u64 rdtrace_shim_current_ppid(void);
u64 rdtrace_shim_current_uid(void);
/* Whether the current process is `pid` or descends from it (at most
 * RDTRACE_SHIM_MAX_ANCESTORS generations up). Safe in any context. */
#define RDTRACE_SHIM_MAX_ANCESTORS 1024
int rdtrace_shim_current_progenyof(u64 pid);
u64 rdtrace_shim_current_gid(void);
u64 rdtrace_shim_current_task(void);
/* Copies current->comm (NUL-padded) into buf; returns its length. */
size_t rdtrace_shim_current_comm(char *buf, size_t len);
u64 rdtrace_shim_cpu(void);
/* Monotonic and wall-clock nanoseconds, NMI-safe. */
u64 rdtrace_shim_mono_ns(void);
u64 rdtrace_shim_current_vtime_ns(void);
u64 rdtrace_shim_wall_ns(void);
/* msecs_to_jiffies(), for deadlines checked against jiffies in probe context. */
unsigned long rdtrace_shim_msecs_to_jiffies(u32 ms);

/* nr_cpu_ids: the size of per-CPU arrays. */
u32 rdtrace_shim_nr_cpu_ids(void);
/* Bytes the kernel could give without swapping (MemAvailable). */
u64 rdtrace_shim_available_bytes(void);
void rdtrace_shim_preempt_disable(void);
void rdtrace_shim_preempt_enable(void);

/* CAP_PERFMON or CAP_SYS_ADMIN, as perf and BPF require. */
bool rdtrace_shim_perfmon_capable(void);
/* CAP_SYS_ADMIN, which destructive actions need. Process context. */
bool rdtrace_shim_sysadmin_capable(void);

/* file->private_data, which the Rust side owns while the file is open. */
void *rdtrace_shim_file_private(struct file *file);
void rdtrace_shim_file_set_private(struct file *file, void *data);

/* THIS_MODULE, for file_operations.owner. */
struct module *rdtrace_shim_this_module(void);

#endif
