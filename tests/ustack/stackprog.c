// SPDX-License-Identifier: GPL-2.0
/*
 * ustack()'s test program (tests/vm/ustack.sh), built with frame pointers
 * and at fixed addresses: main calls outer N times, outer calls inner,
 * inner writes 1234 bytes to /dev/null (the traced write). Each function
 * keeps its frame (noipa, frame pointers), so the walk from the write
 * passes through inner's caller, outer, then main.
 *   stackprog N
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static char buf[1234];

__attribute__((noipa)) void inner(int fd)
{
	/* The write's return address is in inner: its frame is libc's. */
	if (write(fd, buf, sizeof(buf)) < 0)
		exit(2);
}

__attribute__((noipa)) void outer(int fd)
{
	inner(fd);
	/* Not a tail call: outer's frame stays below inner's. */
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
	int fd = open("/dev/null", O_WRONLY);
	int n;

	if (argc != 2 || fd < 0)
		return 1;
	n = atoi(argv[1]);
	for (int i = 0; i < n; i++)
		outer(fd);
	return 0;
}
