/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rdtrace's in-kernel consumer API, for other modules (EXPORT_SYMBOL_GPL).
 *
 * A module opens a session from a compiled enabling -- the bytes
 * `rdtrace --emit enabling -n '...' > FILE` writes (uapi/src/enabling.rs) --
 * starts it, and receives every record in process context: rdtrace's drain
 * work (a delayed work item on system_unbound_wq, every `drain_ms`) reads
 * each CPU's buffer and calls ops->record for each record, one CPU's records
 * in the order they were written. Probes never wait for the consumer: a
 * consumer that is slow or stalled makes the per-CPU buffers fill, and the
 * probes count drops (rdtrace_kapi_stats.drops), exactly as for `rdtrace`.
 *
 * Records are in the format of rdtrace.h / uapi/src/trace.rs `record`
 * (a 16-byte header: u32 size, u32 EPID, u64 timestamp; then items). The
 * EPID is the enabling's probe index + 1; printing them needs the
 * enabling's metadata section, which `rdtrace decode` reads.
 *
 * Lifetimes and unloading:
 *  - a consumer module that calls these functions depends on rdtrace by
 *    symbol: rdtrace cannot be unloaded while the consumer is loaded;
 *  - rdtrace_kapi_close() is synchronous: when it returns, the probes are
 *    detached and no callback runs or will run. A consumer must close every
 *    session in its module_exit (or earlier);
 *  - a consumer whose unload has begun (ops->owner no longer live) gets no
 *    more callbacks (its records are counted as consumer drops) until it
 *    closes; rdtrace holds no reference on ops->owner, so the consumer's
 *    rmmod is never refused because records are being delivered.
 *
 * Several sessions (kernel and /dev/rdtrace ones) may trace at once.
 * Every function sleeps: call from process context only.
 */
#ifndef _RDTRACE_KAPI_H
#define _RDTRACE_KAPI_H

#include <linux/types.h>

struct module;
struct rdtrace_kapi_session;

/* rdtrace_kapi_stats.state, as rdtrace.h's RDTRACE_STATE_*. */
#define RDTRACE_KAPI_STATE_IDLE    0
#define RDTRACE_KAPI_STATE_ENABLED 1
#define RDTRACE_KAPI_STATE_ACTIVE  2
#define RDTRACE_KAPI_STATE_STOPPED 3
#define RDTRACE_KAPI_STATE_EXITED  4
#define RDTRACE_KAPI_STATE_DEADMAN 5

/* The default drain period when rdtrace_kapi_open's drain_ms is 0. */
#define RDTRACE_KAPI_DRAIN_MS 50

struct rdtrace_kapi_ops {
	/* THIS_MODULE of the consumer: no callbacks once its unload begins. */
	struct module *owner;
	/*
	 * One record of `cpu`, `len` bytes, valid for the call only. Process
	 * context (it may sleep, but while it does this session's buffers
	 * fill). Return 0 when taken; nonzero counts it as a consumer drop.
	 */
	int (*record)(void *ctx, unsigned int cpu, const void *rec, size_t len);
	/* Optional: after each drain pass (to flush a batch, say). */
	void (*drained)(void *ctx);
};

struct rdtrace_kapi_stats {
	__u64 delivered;      /* records ops->record took */
	__u64 consumer_drops; /* records it refused, or the consumer was going */
	__u64 drops;          /* records the probes dropped (full buffers), all CPUs */
	__u64 errors;         /* clause faults, all CPUs */
	__u64 dynvar_drops;   /* dynamic-variable drops, all CPUs */
	__u64 agg_drops;      /* aggregation drops, all CPUs */
	__u64 exit_status;    /* exit()'s status once state is EXITED */
	__u32 state;          /* RDTRACE_KAPI_STATE_* */
	__u32 ncpus;          /* CPUs with a buffer */
};

/*
 * Verifies and enables `enabling` (`len` bytes; copied, the caller may free
 * it on return); nothing fires before rdtrace_kapi_start. `ops` must stay
 * valid until rdtrace_kapi_close; `ctx` is passed to its callbacks. On a
 * refusal returns an ERR_PTR and, when `err` is not NULL, the reason in
 * words (NUL-terminated, at most `errlen` bytes).
 */
struct rdtrace_kapi_session *rdtrace_kapi_open(const void *enabling, size_t len,
					       const struct rdtrace_kapi_ops *ops,
					       void *ctx, unsigned int drain_ms,
					       char *err, size_t errlen);
/* Fires BEGIN, attaches the probes, starts draining. 0 or -errno. */
int rdtrace_kapi_start(struct rdtrace_kapi_session *s);
/* Detaches the probes, fires END and delivers what is left. */
void rdtrace_kapi_stop(struct rdtrace_kapi_session *s);
/* The session's counters. */
void rdtrace_kapi_stats(struct rdtrace_kapi_session *s, struct rdtrace_kapi_stats *st);
/* Stops (if started) and frees the session. Synchronous (see above). */
void rdtrace_kapi_close(struct rdtrace_kapi_session *s);

/* Bytes that always hold one CPU's aggregation snapshot. */
#define RDTRACE_KAPI_AGGSNAP_BYTES (256 << 10)

/*
 * Copies CPU `cpu`'s aggregations into `buf` in the AGGSNAP ioctl's format
 * (uapi/src/aggs/snapshot.rs: a sequence of self-delimiting entries, so
 * the CPUs' snapshots concatenated are the session's, and adding up the
 * entries of equal aggregation and key merges them exactly, as `rdtrace`
 * does). Reads the live tables: call it after rdtrace_kapi_stop for the
 * final values (END's included), or at any time for a running view.
 * Returns the bytes copied (0: no entries), -EINVAL for a CPU without a
 * buffer (see rdtrace_kapi_stats.ncpus), -ENOSPC when `len` is too small
 * (RDTRACE_KAPI_AGGSNAP_BYTES always suffices).
 */
ssize_t rdtrace_kapi_aggsnap(struct rdtrace_kapi_session *s, unsigned int cpu,
			     void *buf, size_t len);

#endif
