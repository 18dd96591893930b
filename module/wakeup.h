/* SPDX-License-Identifier: GPL-2.0 */
/* Waking a consumer sleeping in poll from probe context; see wakeup.c. */
#ifndef RDTRACE_WAKEUP_H
#define RDTRACE_WAKEUP_H

#include <linux/types.h>

struct file;
struct poll_table_struct;
struct rdtrace_wakeup;

struct rdtrace_wakeup *rdtrace_wakeup_new(void);
void rdtrace_wakeup_free(struct rdtrace_wakeup *w);
void rdtrace_wakeup_poll_wait(struct rdtrace_wakeup *w, struct file *file,
			      struct poll_table_struct *pt);
void rdtrace_wakeup_notify(struct rdtrace_wakeup *w);

#define RDTRACE_POLLIN 0x41 /* EPOLLIN | EPOLLRDNORM */

#endif
