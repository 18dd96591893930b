/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Anonymous (always-on) tracing: the `anonymous` module parameter names an
 * enabling (`rdtrace -A`) that rdtrace starts at load, before any
 * consumer exists; `rdtrace -a` claims it (module/anonymous.rs).
 */
#ifndef RDTRACE_ANONYMOUS_H
#define RDTRACE_ANONYMOUS_H

#include <linux/types.h>

/* The parameter's path, or NULL when not given. */
const char *rdtrace_anon_path(void);
/* Reads the file into a vmalloc'ed *buf; its size or -errno. */
long rdtrace_anon_read(void **buf);
/* Frees what rdtrace_anon_read gave. */
void rdtrace_anon_free(void *buf);

#endif
