/* SPDX-License-Identifier: GPL-2.0 */
/* Tasks inside functions rdtrace's return trampolines called; see called.c. */
#ifndef RDTRACE_CALLED_H
#define RDTRACE_CALLED_H

#include <linux/atomic.h>

extern atomic_long_t rdtrace_called_inside;

/* A return trampoline is about to call a function (probe context)... */
static __always_inline void rdtrace_called_enter(void)
{
	atomic_long_inc(&rdtrace_called_inside);
}

/* ... and it has returned, the trampoline's last call into C. */
static __always_inline void rdtrace_called_leave(void)
{
	atomic_long_dec(&rdtrace_called_inside);
}

/* Whether `addr` is where a return trampoline's function returns to. */
bool rdtrace_called_return(unsigned long addr);

/*
 * A session's return trampolines are attached: the module stays loaded
 * until rdtrace_called_release and every task has left its calls. 0, or a
 * negative errno (nothing held). Process context.
 */
int rdtrace_called_hold(void);
/* That session's trampolines are detached and no new call will start. */
void rdtrace_called_release(void);
/* Module exit: every hold was released and every task has left. */
void rdtrace_called_quiesce(void);

#endif
