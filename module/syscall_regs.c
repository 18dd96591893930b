// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 system call ABI: arguments in di, si, dx, r10, r8, r9 of the
 * user's registers, which the __x64_sys_* wrappers take as a struct
 * pt_regs. The field names come from the kernel's own struct, so the
 * layout is never restated here. Only 64-bit calls reach those wrappers
 * (compat calls go through __ia32_sys_*), so no compat layout is needed.
 */
#include <linux/ptrace.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "syscall_regs.h"

notrace int rdtrace_syscall_regs_args(unsigned long regs, u64 *args)
{
	struct pt_regs r;

	/* One nofault copy per hit: the pointer comes from a probed call. */
	if (copy_from_kernel_nofault(&r, (const void *)regs, sizeof(r))) {
		memset(args, 0, RDTRACE_SYSCALL_NARGS * sizeof(*args));
		return -EFAULT;
	}
	args[0] = r.di;
	args[1] = r.si;
	args[2] = r.dx;
	args[3] = r.r10;
	args[4] = r.r8;
	args[5] = r.r9;
	return 0;
}
