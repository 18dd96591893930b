/* SPDX-License-Identifier: GPL-2.0 */
/* A system call's arguments from the user registers its wrapper is given. */
#ifndef RDTRACE_SYSCALL_REGS_H
#define RDTRACE_SYSCALL_REGS_H

#include <linux/types.h>

#define RDTRACE_SYSCALL_NARGS 6

/*
 * Reads the six arguments of a 64-bit system call from the struct pt_regs
 * at `regs` (an __x64_sys_* wrapper's argument) into args, without
 * faulting. Returns 0, or -EFAULT (args zeroed) if regs is unreadable.
 * Safe in probe context.
 */
int rdtrace_syscall_regs_args(unsigned long regs, u64 *args);

#endif
