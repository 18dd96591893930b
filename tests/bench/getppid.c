// SPDX-License-Identifier: GPL-2.0
/*
 * getppid N: makes N getppid system calls in a tight loop and prints
 * "getppid N NS", NS the loop's own time in nanoseconds (CLOCK_MONOTONIC),
 * so that a tracer's start-up and exit are not in it. The syscall
 * overhead rows of `make bench` and the toolkit's VM test use it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n, i;
	long long t0, t1;

	if (argc != 2 || (n = atol(argv[1])) < 0) {
		fprintf(stderr, "usage: getppid N\n");
		return 2;
	}
	t0 = now_ns();
	/* syscall(2), not getppid(3): one real system call per iteration. */
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	t1 = now_ns();
	printf("getppid %ld %lld\n", n, t1 - t0);
	return 0;
}
