// SPDX-License-Identifier: GPL-2.0
/*
 * The `anonymous` module parameter and the reading of its file, for
 * module/anonymous.rs (6.12's Rust `module!` has no parameters). The file
 * is read with kernel_read_file_from_path, as the firmware loader reads
 * its files: at load by insmod or modprobe, or at boot
 * (`rdtrace.anonymous=PATH` on the kernel command line, which modprobe
 * passes on, or the module's options in modprobe.d).
 */
#include <linux/kernel_read_file.h>
#include <linux/moduleparam.h>
#include <linux/vmalloc.h>
#include "anonymous.h"
#include "../uapi/rdtrace_kapi.h"

/* As uapi/src/enabling.rs's MAX_ENABLING. */
#define RDTRACE_ANON_MAX (64 << 20)

static char *anonymous;
module_param(anonymous, charp, 0444);
MODULE_PARM_DESC(anonymous,
		 "path of an enabling (rdtrace -A) traced from load, before any consumer; rdtrace -a claims it");

notrace const char *rdtrace_anon_path(void)
{
	return anonymous && anonymous[0] ? anonymous : NULL;
}

notrace long rdtrace_anon_read(void **buf)
{
	*buf = NULL;
	if (!rdtrace_anon_path())
		return -ENOENT;
	return kernel_read_file_from_path(anonymous, 0, buf, RDTRACE_ANON_MAX, NULL,
					  READING_UNKNOWN);
}

notrace void rdtrace_anon_free(void *buf)
{
	vfree(buf);
}
