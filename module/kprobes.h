/* SPDX-License-Identifier: GPL-2.0 */
/* rdtrace's kprobe and kretprobe probes; see kprobes.c. */
#ifndef RDTRACE_KPROBES_H
#define RDTRACE_KPROBES_H

#include <linux/types.h>

/* Hit kinds passed to rdtrace_hook_hit, with the site's index as `ip`. */
#define RDTRACE_KPROBE_HIT 10
#define RDTRACE_KRETPROBE_HIT 11

/* The longest symbol: "module:function" and its NUL. */
#define RDTRACE_KPROBE_SYMBOL_LEN 192

struct rdtrace_kprobes;

/* Room for n sites, none registered; NULL without memory. */
struct rdtrace_kprobes *rdtrace_kprobes_new(void *owner, u32 n);
/*
 * Registers site `site` (< n), disabled, at symbol + offset (a kretprobe
 * when `ret`, with `maxactive` instances, 0 for the kernel's default).
 * Process context. 0, -EPERM for a site in rdtrace itself, or the kernel's
 * error; `*addr` is where it landed.
 */
int rdtrace_kprobes_add(struct rdtrace_kprobes *k, u32 site, const char *symbol, u32 offset,
			bool ret, u32 maxactive, u64 *addr);
/* Arms (GO) or disarms (STOP) every registered site. Process context. */
int rdtrace_kprobes_enable(struct rdtrace_kprobes *k);
void rdtrace_kprobes_disable(struct rdtrace_kprobes *k);
/* The hits the kernel skipped, summed over every site. */
u64 rdtrace_kprobes_missed(struct rdtrace_kprobes *k);
/* Unregisters every site (waiting out running handlers) and frees; NULL is fine. */
void rdtrace_kprobes_free(struct rdtrace_kprobes *k);

#endif
