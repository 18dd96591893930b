// SPDX-License-Identifier: GPL-2.0
/*
 * The usdt provider's test program (tests/vm/usdt.sh): <sys/sdt.h> probes
 * with known arguments, fired a known number of times.
 *   prog steps N   fires rdtest:step(i, name) for i = 1..N, name "one",
 *                  "two" or "three" by i % 3 (i = 3 is "three"), between
 *                  rdtest:edge(0) and rdtest:edge(N) (one probe, two
 *                  sites), then
 *                  rdtest:mixed once (see mixed()) and the guarded loop:
 *                  rdtest:guarded(i) for i = 1..N, each only when its
 *                  semaphore says a tracer wants it; it writes "guarded K"
 *                  to stderr, K the times it did
 *   prog wait      prints its pid, waits for SIGUSR1, then runs "steps 4"
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <unistd.h>

int guarded_loop(int n);

static const char *const names[] = { "three", "one", "two" };

/* Read through a volatile, so that mixed()'s operands stay memory. */
long long wide = 1LL << 40;
int counter = -7;

/*
 * Arguments of every size and sign, in the forms gcc writes them: a
 * signed byte -5, an unsigned short 65535, a global int -7 (an operand
 * relative to %rip), a 64-bit global 2^40 and a constant 5.
 */
__attribute__((noipa)) void mixed(signed char c, unsigned short s)
{
	DTRACE_PROBE5(rdtest, mixed, c, s, counter, wide, 5);
}

/* rdtest:edge is written twice here: one probe, fired at 0 and at n. */
__attribute__((noipa)) void steps(int n)
{
	DTRACE_PROBE1(rdtest, edge, 0);
	for (int i = 1; i <= n; i++)
		DTRACE_PROBE2(rdtest, step, i, names[i % 3]);
	DTRACE_PROBE1(rdtest, edge, n);
}

static volatile sig_atomic_t go;
static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static void run(int n)
{
	steps(n);
	mixed(-5, 65535);
	fprintf(stderr, "guarded %d\n", guarded_loop(n));
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "steps")) {
		run(atoi(argv[2]));
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "wait")) {
		sigset_t none;

		signal(SIGUSR1, on_usr1);
		printf("%d\n", getpid());
		fflush(stdout);
		sigemptyset(&none);
		while (!go)
			sigsuspend(&none);
		run(4);
		return 0;
	}
	fprintf(stderr, "usage: prog steps N | prog wait\n");
	return 2;
}
