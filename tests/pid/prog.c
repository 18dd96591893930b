// SPDX-License-Identifier: GPL-2.0
/*
 * The pid provider's test program (tests/vm/pid_provider.sh). Its
 * functions are noipa and its allocations kept in a volatile, so that the
 * compiler keeps every call: each is a probe hit.
 *   prog alloc N   mallocs N blocks of 70001..70000+N bytes, frees them
 *   prog calls N   calls answer(6) N times (it returns 42), then greet(),
 *                  which writes "hello pid" to stderr and calls answer(0)
 *   prog fork      calls answer() once, forks a child that calls it 3 times
 *   prog wait      prints its pid, waits for SIGUSR1, calls answer() 5
 *                  times and finish(), then waits again for SIGUSR1 and
 *                  calls answer() once more before it exits 0
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((noipa)) int answer(int x)
{
	return x * 6 + 6;
}

/* Its string is read first, so that its page is present when probed. */
__attribute__((noipa)) size_t greet(const char *s, size_t len)
{
	return write(2, s, len) + (size_t)answer(0) * 0;
}

__attribute__((noipa)) void finish(void)
{
	__asm__ volatile("" ::: "memory");
}

static void *volatile kept;
static volatile sig_atomic_t go;
static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static void wait_usr1(void)
{
	sigset_t none;

	sigemptyset(&none);
	while (!go)
		sigsuspend(&none);
	go = 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int n = argc > 2 ? atoi(argv[2]) : 0, i, st;

	if (!strcmp(mode, "alloc")) {
		for (i = 1; i <= n; i++) {
			kept = malloc(70000 + i);
			free(kept);
		}
	} else if (!strcmp(mode, "calls")) {
		const char *hello = "hello pid";

		for (i = 0; i < n; i++)
			answer(6);
		greet(hello, strlen(hello));
	} else if (!strcmp(mode, "fork")) {
		answer(6);
		if (fork() == 0) {
			for (i = 0; i < 3; i++)
				answer(6);
			_exit(answer(6) == 42 ? 0 : 1);
		}
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			return 2;
	} else if (!strcmp(mode, "wait")) {
		sigset_t usr1;

		sigemptyset(&usr1);
		sigaddset(&usr1, SIGUSR1);
		sigprocmask(SIG_BLOCK, &usr1, NULL);
		signal(SIGUSR1, on_usr1);
		printf("%d\n", (int)getpid());
		fflush(stdout);
		wait_usr1();
		for (i = 0; i < 5; i++)
			answer(6);
		finish();
		wait_usr1();
		return answer(6) == 42 ? 0 : 3;
	} else {
		fprintf(stderr, "usage: prog alloc N | calls N | fork | wait\n");
		return 1;
	}
	return 0;
}
