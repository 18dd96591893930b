/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * rdtrace's user/kernel ABI for C consumers. The Rust definitions in
 * uapi/src/ are the source of truth; uapi/tests/c_header_sync.rs compiles
 * this header and checks every size, offset and number against them.
 */
#ifndef _UAPI_RDTRACE_H
#define _UAPI_RDTRACE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define RDTRACE_ABI_VERSION 1
#define RDTRACE_DEVICE "/dev/rdtrace"
#define RDTRACE_IOC_MAGIC 'R'

/* rdtrace_info.features */
#define RDTRACE_FEAT_FTRACE            (1ULL << 0)
#define RDTRACE_FEAT_FTRACE_DIRECT     (1ULL << 1)
#define RDTRACE_FEAT_FPROBE            (1ULL << 2)
#define RDTRACE_FEAT_KPROBES           (1ULL << 3)
#define RDTRACE_FEAT_KRETPROBES        (1ULL << 4)
#define RDTRACE_FEAT_KPROBES_ON_FTRACE (1ULL << 5)

#define RDTRACE_RELEASE_LEN 65

struct rdtrace_info {
	__u32 abi_version;
	__u32 online_cpus;
	__u32 possible_cpus;
	__u32 _pad0;
	__u64 features;
	__u64 ftrace_functions;
	char release[RDTRACE_RELEASE_LEN];
	__u8 _pad1[7];
};

#define RDTRACE_LOAD_MAX_BLOB (256 * 1024)
#define RDTRACE_LOAD_TEST_RUN (1U << 0)
#define RDTRACE_LOAD_MESSAGE_LEN 160

/* Written by the kernel: the verifier's verdict and a test run's outcome. */
struct rdtrace_load_result {
	__u32 error_code;  /* 0: accepted */
	__u32 error_insn;
	__u64 bound;       /* worst-case instructions */
	__u64 retval;
	__u64 executed;
	__u32 fault;       /* 0: none */
	__u32 fault_insn;
	__u64 fault_addr;
	char message[RDTRACE_LOAD_MESSAGE_LEN];
};

struct rdtrace_load_args {
	__u64 prog;        /* user address of the DIF blob */
	__u32 prog_len;
	__u32 flags;       /* RDTRACE_LOAD_* */
	__u64 args[6];     /* test run: arg0..arg5 */
	struct rdtrace_load_result result;
};

#define RDTRACE_IOC_INFO _IOR(RDTRACE_IOC_MAGIC, 0x01, struct rdtrace_info)
#define RDTRACE_IOC_LOAD _IOWR(RDTRACE_IOC_MAGIC, 0x02, struct rdtrace_load_args)

#endif /* _UAPI_RDTRACE_H */
