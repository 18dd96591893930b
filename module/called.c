// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks inside a function one of rdtrace's return trampolines called
 * (direct_tramp.S): each will come back into the module's text, however
 * long after its session ended (a task asleep in a traced read). Each
 * session with return trampolines holds a module reference, which a
 * reaper drops only once no task is inside, so rmmod is refused until then.
 *
 * A task that exits inside a called function (do_exit from get_signal,
 * kthread_exit from kthread) never comes back: at its exit the count loses
 * the trampoline frames found on its stack, or the module could never be
 * unloaded. Everything here is notrace.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/workqueue.h>
#include "called.h"
#include "direct_tramp.h"
#include "thread_exit.h"

atomic_long_t rdtrace_called_inside = ATOMIC_LONG_INIT(0);

static DEFINE_MUTEX(rdtrace_called_lock);
/* Module references of released sessions, for the reaper (under the lock). */
static unsigned int rdtrace_called_refs;
static bool rdtrace_called_exit_probed;
static void rdtrace_called_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(rdtrace_called_reaper, rdtrace_called_reap);

/* Where a called function returns to: the `..._returned` labels. */
static const unsigned long rdtrace_called_returns[RDTRACE_DIRECT_SLOTS] = {
	(unsigned long)rdtrace_direct_ret_tramp_0_returned,
	(unsigned long)rdtrace_direct_ret_tramp_1_returned,
	(unsigned long)rdtrace_direct_ret_tramp_2_returned,
	(unsigned long)rdtrace_direct_ret_tramp_3_returned,
};

notrace bool rdtrace_called_return(unsigned long addr)
{
	int slot;

	for (slot = 0; slot < RDTRACE_DIRECT_SLOTS; slot++)
		if (addr == rdtrace_called_returns[slot])
			return true;
	return false;
}

/*
 * Whether `w` is a return trampoline's frame while its function runs
 * (direct_tramp.S), from the slot holding the function's return address:
 * a `..._returned` label, then the generation, nonzero until the call has
 * come back (a frame whose call came back also lies below the stack
 * pointer, but stack slots are reused uninitialised).
 */
static notrace bool rdtrace_called_frame(const unsigned long *w)
{
	return rdtrace_called_return(w[0]) && w[1] != 0;
}

/* sched_process_exit, in the exiting task: drop its abandoned calls. */
static notrace void rdtrace_called_exit(void *data, struct task_struct *p)
{
	const unsigned long *w = (const unsigned long *)current_stack_pointer;
	const unsigned long *top = (const unsigned long *)(task_stack_page(current) + THREAD_SIZE);

	if (!atomic_long_read(&rdtrace_called_inside))
		return;
	for (; w + 2 <= top; w++)
		if (rdtrace_called_frame(w))
			rdtrace_called_leave();
}

notrace int rdtrace_called_hold(void)
{
	int err = 0;

	mutex_lock(&rdtrace_called_lock);
	if (!rdtrace_called_exit_probed) {
		err = rdtrace_exit_tracepoint_register(rdtrace_called_exit, NULL);
		rdtrace_called_exit_probed = !err;
	}
	mutex_unlock(&rdtrace_called_lock);
	if (!err)
		__module_get(THIS_MODULE);
	return err;
}

static notrace void rdtrace_called_reap(struct work_struct *work)
{
	unsigned int refs;

	if (atomic_long_read(&rdtrace_called_inside) > 0) {
		schedule_delayed_work(&rdtrace_called_reaper, HZ / 10);
		return;
	}
	mutex_lock(&rdtrace_called_lock);
	refs = rdtrace_called_refs;
	rdtrace_called_refs = 0;
	mutex_unlock(&rdtrace_called_lock);
	while (refs--)
		module_put(THIS_MODULE);
}

notrace void rdtrace_called_release(void)
{
	mutex_lock(&rdtrace_called_lock);
	rdtrace_called_refs++;
	mutex_unlock(&rdtrace_called_lock);
	schedule_delayed_work(&rdtrace_called_reaper, 0);
}

notrace void rdtrace_called_quiesce(void)
{
	/* The reaper dropped the last reference: let it finish returning. */
	cancel_delayed_work_sync(&rdtrace_called_reaper);
	if (rdtrace_called_exit_probed)
		rdtrace_exit_tracepoint_unregister(rdtrace_called_exit, NULL);
}
