/* SPDX-License-Identifier: GPL-2.0 */
/* The C declarations bindgen turns into module/bindings_generated.rs. */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/random.h>
#include <linux/uaccess.h>
#include <linux/kallsyms.h>
#include "hooks.h"
#include "timers.h"
#include "wakeup.h"
#include "thread_exit.h"
#include "syscall_regs.h"
#include "stacks.h"
#include "tracepoints.h"
#include "kapi.h"
#include "kprobes.h"
#include "uprobes.h"
#include "anonymous.h"
#include "lockdown.h"
#include "shim.h"
#include "d_path_layout.h"
#include "raise.h"
