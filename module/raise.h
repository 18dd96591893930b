/* SPDX-License-Identifier: GPL-2.0 */
/* raise(): a signal to the thread a probe fired in; see raise.c. */
#ifndef RDTRACE_RAISE_H
#define RDTRACE_RAISE_H

/* Sets up each CPU's deferred signal. Module init. */
void rdtrace_raise_init(void);
/* Waits out every deferred signal. Module exit, with no probe attached. */
void rdtrace_raise_exit(void);
/* Sends signal `sig` (1 to 64) to the current thread from probe context;
 * 0, or -EBUSY while this CPU still holds an earlier one to send. */
int rdtrace_raise(int sig);

#endif
