// SPDX-License-Identifier: GPL-2.0
/*
 * rdtrace_dlog: an in-kernel consumer of rdtrace, in the spirit of CADETS'
 * dlog. It traces with a compiled enabling (`rdtrace --emit enabling`) and
 * forwards every record, framed and tagged with the host name and CPU,
 * over a kernel TCP socket to a collector; no process in user space takes
 * part. `rdtrace decode` prints the frames as rdtrace prints the trace.
 *
 *   insmod rdtrace_dlog.ko enabling=/path/x.enab collector=10.0.2.2:9999
 *
 * Frames, little-endian: u32 length of the rest, u8 kind (1 the enabling,
 * 2 a record, 3 the counters at unload, 4 one CPU's aggregation snapshot),
 * u8 host name length, u16 CPU, the host name, the payload
 * (userspace-ctl/src/decode_cmd.rs reads them). At unload, after the last
 * records (END's), every CPU's aggregations follow, CPU 0 first, if any
 * CPU has some: `rdtrace decode` merges and prints them as rdtrace does
 * at exit.
 *
 * Records arrive from rdtrace's drain work (process context). They are
 * appended to a send buffer and sent without blocking after each drain
 * pass. A slow or stalled collector fills the buffer and the records that
 * do not fit are refused, which rdtrace counts as consumer drops; a dead
 * link loses what was buffered (counted here as link drops) and refuses
 * the rest. Nothing ever waits for the collector, and the probes never
 * wait for anything.
 */
#include <linux/inet.h>
#include <linux/in.h>
#include <linux/kernel_read_file.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/delay.h>
#include <linux/socket.h>
#include <linux/utsname.h>
#include <linux/unaligned.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include "../../uapi/rdtrace_kapi.h"

#define DLOG_FRAME_ENABLING 1
#define DLOG_FRAME_RECORD   2
#define DLOG_FRAME_STATS    3
#define DLOG_FRAME_AGGSNAP  4
#define DLOG_HDR            8 /* u32 len, u8 kind, u8 host_len, u16 cpu */
#define DLOG_MAX_ENABLING   (64 << 20)

static char *enabling;
module_param(enabling, charp, 0444);
MODULE_PARM_DESC(enabling, "path of the compiled enabling (rdtrace --emit enabling)");
static char *collector = "10.0.2.2:9999";
module_param(collector, charp, 0444);
MODULE_PARM_DESC(collector, "IPv4:port of the collector");
static char *host;
module_param(host, charp, 0444);
MODULE_PARM_DESC(host, "host name in every frame (default: the node name)");
static unsigned int drain_ms;
module_param(drain_ms, uint, 0444);
MODULE_PARM_DESC(drain_ms, "rdtrace's drain period in ms (0: its default)");
static unsigned int sendbuf = 256 << 10;
module_param(sendbuf, uint, 0444);
MODULE_PARM_DESC(sendbuf, "bytes of frames buffered for the collector");
static unsigned int sockbuf = 64 << 10;
module_param(sockbuf, uint, 0444);
MODULE_PARM_DESC(sockbuf, "the socket's send buffer in bytes (SO_SNDBUF; 0: TCP's autotuning)");

struct dlog {
	struct socket *sock;
	struct rdtrace_kapi_session *session;
	char host[__NEW_UTS_LEN + 1];
	u8 host_len;
	u8 *buf;        /* whole frames; the first `partial` bytes already sent */
	size_t len, cap, partial;
	bool dead;      /* the link failed: nothing more is sent */
	u64 link_drops; /* records buffered when the link failed */
};

static struct dlog dlog;

/* Appends a frame; false if it does not fit. */
static bool dlog_append(struct dlog *d, u8 kind, u16 cpu, const void *p, size_t n)
{
	size_t total = DLOG_HDR + d->host_len + n;
	u8 *f;

	if (total > d->cap - d->len)
		return false;
	f = d->buf + d->len;
	put_unaligned_le32(total - 4, f);
	f[4] = kind;
	f[5] = d->host_len;
	put_unaligned_le16(cpu, f + 6);
	memcpy(f + DLOG_HDR, d->host, d->host_len);
	memcpy(f + DLOG_HDR + d->host_len, p, n);
	d->len += total;
	return true;
}

/* Record frames in the buffer from `from`, which is a frame boundary. */
static u64 dlog_records_from(struct dlog *d, size_t from)
{
	u64 n = 0;

	while (from + DLOG_HDR <= d->len) {
		n += d->buf[from + 4] == DLOG_FRAME_RECORD;
		from += 4 + get_unaligned_le32(d->buf + from);
	}
	return n;
}

/* Sends what it can without blocking; a failed link drops the buffer. */
static void dlog_flush(struct dlog *d)
{
	while (!d->dead && d->len > d->partial) {
		struct kvec vec = { .iov_base = d->buf + d->partial, .iov_len = d->len - d->partial };
		struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
		size_t done, off = 0;
		int rc = kernel_sendmsg(d->sock, &msg, &vec, 1, vec.iov_len);

		if (rc == -EAGAIN)
			return;
		if (rc <= 0) {
			d->dead = true;
			d->link_drops += dlog_records_from(d, 0);
			d->len = d->partial = 0;
			pr_info("rdtrace_dlog: the link to %s failed (%d): records are dropped from now on\n",
				collector, rc);
			return;
		}
		/* Drop the frames sent whole; keep the one sent in part. */
		done = d->partial + rc;
		while (off + 4 <= done && off + 4 + get_unaligned_le32(d->buf + off) <= done)
			off += 4 + get_unaligned_le32(d->buf + off);
		memmove(d->buf, d->buf + off, d->len - off);
		d->len -= off;
		d->partial = done - off;
	}
}

static int dlog_record(void *ctx, unsigned int cpu, const void *rec, size_t len)
{
	struct dlog *d = ctx;

	if (d->dead)
		return -EPIPE;
	if (dlog_append(d, DLOG_FRAME_RECORD, cpu, rec, len))
		return 0;
	dlog_flush(d);
	return dlog_append(d, DLOG_FRAME_RECORD, cpu, rec, len) ? 0 : -ENOBUFS;
}

static void dlog_drained(void *ctx)
{
	dlog_flush(ctx);
}

static const struct rdtrace_kapi_ops dlog_ops = {
	.owner = THIS_MODULE,
	.record = dlog_record,
	.drained = dlog_drained,
};

static int dlog_connect(struct dlog *d)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	const char *colon = strrchr(collector, ':');
	unsigned short port;
	int rc;

	if (!colon || kstrtou16(colon + 1, 10, &port) ||
	    !in4_pton(collector, colon - collector, (u8 *)&sin.sin_addr.s_addr, -1, NULL)) {
		pr_err("rdtrace_dlog: collector=%s is not IPv4:port\n", collector);
		return -EINVAL;
	}
	sin.sin_port = htons(port);
	rc = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP, &d->sock);
	if (rc)
		return rc;
	/* Bounds the connect and the blocking send of the enabling. */
	sock_set_sndtimeo(d->sock->sk, 5);
	/*
	 * Bounds what the link holds: autotuned, a loopback socket's send
	 * buffer grows to megabytes, hiding a stalled collector for long.
	 */
	if (sockbuf) {
		int val = sockbuf;

		sock_setsockopt(d->sock, SOL_SOCKET, SO_SNDBUF, KERNEL_SOCKPTR(&val), sizeof(val));
	}
	rc = kernel_connect(d->sock, (struct sockaddr *)&sin, sizeof(sin), 0);
	if (rc) {
		pr_err("rdtrace_dlog: cannot connect to %s: %d\n", collector, rc);
		sock_release(d->sock);
		d->sock = NULL;
	}
	return rc;
}

/* A blocking send, bounded by sk_sndtimeo: only for the enabling, at load. */
static int dlog_send_all(struct dlog *d, const void *p, size_t n)
{
	while (n) {
		struct kvec vec = { .iov_base = (void *)p, .iov_len = n };
		struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
		int rc = kernel_sendmsg(d->sock, &msg, &vec, 1, n);

		if (rc <= 0)
			return rc ? rc : -EPIPE;
		p += rc;
		n -= rc;
	}
	return 0;
}

/* One whole frame, blocking (bounded by sk_sndtimeo): at load and unload. */
static int dlog_send_frame(struct dlog *d, u8 kind, u16 cpu, const void *p, size_t n)
{
	u8 hdr[DLOG_HDR];
	int rc;

	put_unaligned_le32(DLOG_HDR - 4 + d->host_len + n, hdr);
	hdr[4] = kind;
	hdr[5] = d->host_len;
	put_unaligned_le16(cpu, hdr + 6);
	rc = dlog_send_all(d, hdr, sizeof(hdr));
	if (!rc)
		rc = dlog_send_all(d, d->host, d->host_len);
	return rc ? rc : dlog_send_all(d, p, n);
}

/*
 * Every CPU's aggregations, once the session has stopped (END has run):
 * nothing when no CPU has any. Sent after the buffered frames, so the
 * collector sees them after the last records.
 */
static void dlog_send_aggs(struct dlog *d, unsigned int ncpus)
{
	void *snap = vmalloc(RDTRACE_KAPI_AGGSNAP_BYTES);
	ssize_t *len = kcalloc(ncpus, sizeof(*len), GFP_KERNEL);
	unsigned int cpu;
	bool any = false;
	int rc = 0;

	if (!snap || !len) {
		pr_err("rdtrace_dlog: no memory for the aggregation snapshots\n");
		goto out;
	}
	for (cpu = 0; cpu < ncpus; cpu++) {
		len[cpu] = rdtrace_kapi_aggsnap(d->session, cpu, NULL, 0);
		any |= len[cpu] != 0;
	}
	for (cpu = 0; any && !rc && cpu < ncpus; cpu++) {
		ssize_t n = rdtrace_kapi_aggsnap(d->session, cpu, snap, RDTRACE_KAPI_AGGSNAP_BYTES);

		if (n < 0) {
			pr_err("rdtrace_dlog: CPU %u's aggregations: %zd\n", cpu, n);
			n = 0;
		}
		rc = dlog_send_frame(d, DLOG_FRAME_AGGSNAP, cpu, snap, n);
	}
	if (rc) {
		pr_info("rdtrace_dlog: the link to %s failed (%d) sending the aggregations\n", collector, rc);
		d->dead = true;
	}
out:
	kfree(len);
	vfree(snap);
}

static int __init dlog_init(void)
{
	struct dlog *d = &dlog;
	char err[128];
	void *blob = NULL;
	ssize_t n;
	int rc;

	if (!enabling) {
		pr_err("rdtrace_dlog: give enabling=PATH (rdtrace --emit enabling)\n");
		return -EINVAL;
	}
	strscpy(d->host, host ? host : utsname()->nodename, sizeof(d->host));
	d->host_len = min_t(size_t, strlen(d->host), 255);
	d->cap = max(sendbuf, 4096U);
	d->buf = vmalloc(d->cap);
	if (!d->buf)
		return -ENOMEM;
	n = kernel_read_file_from_path(enabling, 0, &blob, DLOG_MAX_ENABLING, NULL, READING_UNKNOWN);
	if (n < 0) {
		pr_err("rdtrace_dlog: cannot read %s: %zd\n", enabling, n);
		rc = n;
		goto free_buf;
	}
	rc = dlog_connect(d);
	if (rc)
		goto free_blob;
	rc = dlog_send_frame(d, DLOG_FRAME_ENABLING, 0, blob, n);
	if (rc) {
		pr_err("rdtrace_dlog: cannot send the enabling to %s: %d\n", collector, rc);
		goto release;
	}
	d->session = rdtrace_kapi_open(blob, n, &dlog_ops, d, drain_ms, err, sizeof(err));
	if (IS_ERR(d->session)) {
		rc = PTR_ERR(d->session);
		pr_err("rdtrace_dlog: rdtrace refused %s: %s (%d)\n", enabling, err, rc);
		goto release;
	}
	rc = rdtrace_kapi_start(d->session);
	if (rc) {
		pr_err("rdtrace_dlog: cannot start tracing: %d\n", rc);
		goto close;
	}
	vfree(blob);
	pr_info("rdtrace_dlog: tracing %s to %s as %s\n", enabling, collector, d->host);
	return 0;
close:
	rdtrace_kapi_close(d->session);
release:
	sock_release(d->sock);
free_blob:
	vfree(blob);
free_buf:
	vfree(d->buf);
	return rc;
}

static void __exit dlog_exit(void)
{
	struct dlog *d = &dlog;
	struct rdtrace_kapi_stats st;
	__le64 counts[7];
	int tries;

	/* Stops the probes and hands over what is left (END included). */
	rdtrace_kapi_stop(d->session);
	rdtrace_kapi_stats(d->session, &st);
	/* Best effort, for at most a second: the counters, then goodbye. */
	for (tries = 0; tries < 100 && !d->dead && d->len; tries++) {
		dlog_flush(d);
		if (d->len)
			msleep(10);
	}
	/* What the collector never took is lost: say so. */
	if (!d->dead && d->len) {
		d->link_drops += dlog_records_from(d, 0);
		d->len = d->partial = 0;
		d->dead = true;
	}
	if (!d->dead)
		dlog_send_aggs(d, st.ncpus);
	rdtrace_kapi_close(d->session);
	counts[0] = cpu_to_le64(st.delivered);
	counts[1] = cpu_to_le64(st.consumer_drops);
	counts[2] = cpu_to_le64(st.drops);
	counts[3] = cpu_to_le64(st.errors);
	counts[4] = cpu_to_le64(st.dynvar_drops);
	counts[5] = cpu_to_le64(st.agg_drops);
	counts[6] = cpu_to_le64(d->link_drops);
	if (!d->dead && dlog_append(d, DLOG_FRAME_STATS, 0, counts, sizeof(counts)))
		dlog_flush(d);
	pr_info("rdtrace_dlog: %llu records sent, %llu consumer drops, %llu drops, %llu errors, %llu link drops\n",
		st.delivered - d->link_drops, st.consumer_drops, st.drops, st.errors, d->link_drops);
	kernel_sock_shutdown(d->sock, SHUT_RDWR);
	sock_release(d->sock);
	vfree(d->buf);
}

module_init(dlog_init);
module_exit(dlog_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("rdtrace sample in-kernel consumer: records to a TCP collector");
