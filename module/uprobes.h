/* SPDX-License-Identifier: GPL-2.0 */
/* rdtrace's pid provider probes, through uprobes; see uprobes.c. */
#ifndef RDTRACE_UPROBES_H
#define RDTRACE_UPROBES_H

#include <linux/types.h>

/* Hit kinds passed to rdtrace_hook_hit, with the site's index as `ip`. */
#define RDTRACE_UPROBE_HIT 13
#define RDTRACE_URETPROBE_HIT 14

struct rdtrace_uprobes;
struct rdtrace_usdt_arg;

/* Room for n sites, none registered; NULL without memory. */
struct rdtrace_uprobes *rdtrace_uprobes_new(void *owner, u32 n);
/*
 * Registers site `site` (< n): a uprobe (a uretprobe when `ret`) at user
 * address `vaddr` of process `pid` (in the caller's pid namespace), on
 * the file mapped there, firing for that process only. Process context.
 * A USDT probe's `nargs` arguments (up to RDTRACE_USDT_MAX_ARGS; 0 for a
 * pid probe) are read as `args` say; a nonzero `ref_ctr_offset` is the
 * file offset of its semaphore, counted up while the probe is placed.
 * 0, -ESRCH (no such process), -EFAULT (nothing mapped there), -ENOEXEC
 * (not an executable file mapping) or the kernel's error; `*offset` is the
 * file offset it landed on.
 */
int rdtrace_uprobes_add(struct rdtrace_uprobes *u, u32 site, s32 pid, u64 vaddr, bool ret,
			u64 ref_ctr_offset, const struct rdtrace_usdt_arg *args, u32 nargs,
			u64 *offset);
/* Unregisters every site (waiting out running handlers) and frees; NULL is fine. */
void rdtrace_uprobes_free(struct rdtrace_uprobes *u);

#endif
