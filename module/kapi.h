/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The glue behind the in-kernel consumer API (uapi/rdtrace_kapi.h): the
 * exported functions forward to Rust (kapi.rs owns every session's state);
 * the drainer is the delayed work that calls back into Rust to drain.
 */
#ifndef RDTRACE_KAPI_GLUE_H
#define RDTRACE_KAPI_GLUE_H

#include <linux/types.h>
#include "../uapi/rdtrace_kapi.h"

struct rdtrace_drainer;

/* Implemented in Rust (module/kapi.rs). */
void *rdtrace_kapi_rs_open(const void *enabling, size_t len,
			   const struct rdtrace_kapi_ops *ops, void *ctx,
			   unsigned int drain_ms, char *err, size_t errlen,
			   int *errno_out);
int rdtrace_kapi_rs_start(void *s);
void rdtrace_kapi_rs_stop(void *s);
void rdtrace_kapi_rs_stats(void *s, struct rdtrace_kapi_stats *st);
void rdtrace_kapi_rs_close(void *s);
long rdtrace_kapi_rs_aggsnap(void *s, unsigned int cpu, void *buf, size_t len);
/* One drain pass of the session `owner`; process context (a worker). */
void rdtrace_kapi_rs_drain(void *owner);

/* A delayed work item calling rdtrace_kapi_rs_drain(owner) every period. */
/* Its owner is set by start (the session is pinned by then). */
struct rdtrace_drainer *rdtrace_drainer_new(void *owner, unsigned int period_ms);
void rdtrace_drainer_start(struct rdtrace_drainer *d, void *owner);
/* After it returns no drain pass runs until the next start. */
void rdtrace_drainer_stop(struct rdtrace_drainer *d);
void rdtrace_drainer_free(struct rdtrace_drainer *d);

/* Whether a consumer's module has not begun unloading (NULL: built in). */
bool rdtrace_kapi_module_live(struct module *m);

#endif
