// SPDX-License-Identifier: GPL-2.0
/*
 * rdtest:guarded, a probe with a semaphore (tests/usdt/prog.c): the
 * note names rdtest_guarded_semaphore, which a tracer counts up while
 * the probe is placed, and the loop fires it only then, as the
 * PROVIDER_NAME_ENABLED() macros of dtrace -h do.
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

__extension__ unsigned short rdtest_guarded_semaphore
	__attribute__((unused)) __attribute__((section(".probes")));

/* Fires the probe for i = 1..n while enabled; how many times it did. */
int guarded_loop(int n)
{
	int fired = 0;

	for (int i = 1; i <= n; i++) {
		if (*(volatile unsigned short *)&rdtest_guarded_semaphore) {
			DTRACE_PROBE1(rdtest, guarded, i);
			fired++;
		}
	}
	return fired;
}
