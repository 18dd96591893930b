/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RDTRACE_LOCKDOWN_H
#define RDTRACE_LOCKDOWN_H

/* Kernel memory reads are allowed. */
#define RDTRACE_LOCKDOWN_NONE 0
/* The kernel is locked down (lockdown=confidentiality) for reading it. */
#define RDTRACE_LOCKDOWN_KERNEL 1
/* rdtrace was loaded with deny_kernel_reads=1. */
#define RDTRACE_LOCKDOWN_PARAM 2

/* Why programs may not read kernel memory, or RDTRACE_LOCKDOWN_NONE. Asks
 * the lockdown LSM (which logs a refusal). Process context. */
int rdtrace_lockdown_kernel_reads(void);

#endif
