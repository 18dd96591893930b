// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's lockdown, for module/lockdown.rs: under
 * lockdown=confidentiality BPF may not read kernel memory
 * (LOCKDOWN_BPF_READ_KERNEL), and neither may rdtrace's programs. Without
 * the lockdown LSM (CONFIG_SECURITY off) security_locked_down() is an
 * inline that allows everything; the `deny_kernel_reads` parameter gives
 * the same policy there, and lets the tests check the refusal.
 */
#include <linux/moduleparam.h>
#include <linux/security.h>
#include "lockdown.h"

static bool deny_kernel_reads;
module_param(deny_kernel_reads, bool, 0444);
MODULE_PARM_DESC(deny_kernel_reads,
		 "refuse programs that read kernel memory, as lockdown=confidentiality does");

notrace int rdtrace_lockdown_kernel_reads(void)
{
	if (security_locked_down(LOCKDOWN_BPF_READ_KERNEL) < 0)
		return RDTRACE_LOCKDOWN_KERNEL;
	if (deny_kernel_reads)
		return RDTRACE_LOCKDOWN_PARAM;
	return RDTRACE_LOCKDOWN_NONE;
}
