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

#define RDTRACE_ABI_VERSION 2
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
	__u64 ftrace_functions; /* 0: see RDTRACE_IOC_FUNCTIONS */
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

/* Tracing: ENABLE clauses on probes, GO, STOP, READ records, STATUS. */
#define RDTRACE_PROBE_ENTRY 1
#define RDTRACE_PROBE_RETURN 2
#define RDTRACE_PROBE_BEGIN 3
#define RDTRACE_PROBE_END 4
#define RDTRACE_PROBE_TICK 5     /* addr: period in ns */
#define RDTRACE_PROBE_PROFILE 6  /* addr: period in ns */
#define RDTRACE_PROBE_ERROR 7
#define RDTRACE_PROBE_SYSCALL_ENTRY 8  /* addr: the __x64_sys_ wrapper */
#define RDTRACE_PROBE_SYSCALL_RETURN 9
#define RDTRACE_PROBE_TRACEPOINT 12  /* function: its name; addr: its arg count */
#define RDTRACE_PROBE_KPROBE 10     /* addr: offset into function */
#define RDTRACE_PROBE_KRETPROBE 11  /* addr: maxactive (0: default) */
#define RDTRACE_PROBE_UPROBE 13     /* addr: user address in process pid; function: "func\0name", a USDT probe's "func\0name\0provider" */
#define RDTRACE_PROBE_URETPROBE 14  /* addr: the function's user address in process pid */
/* Or'd into an fbt return probe's kind: the function's BTF says every argument
 * is in a register, so rdtrace may call it from its own trampoline. */
#define RDTRACE_PROBE_REGISTER_ARGS (1U << 16)
#define RDTRACE_MAX_KRETPROBE_ACTIVE 4096
#define RDTRACE_MIN_TIMER_PERIOD_NS 200000ULL /* shortest tick/profile period */
#define RDTRACE_ENABLE_DESTRUCTIVE 1
#define RDTRACE_ENABLE_SHARED_ENTRY 2
/* The consumer reads no record's time: headers carry 0, no clock is read. */
#define RDTRACE_ENABLE_NO_RECORD_TIME 4
#define RDTRACE_MAX_AGGSIZE (64U << 20) /* bytes of aggregation table per CPU */
#define RDTRACE_BUFPOLICY_SWITCH 0
#define RDTRACE_BUFPOLICY_FILL 1
#define RDTRACE_BUFPOLICY_RING 2
#define RDTRACE_MODULE_LEN 56
#define RDTRACE_FUNCTION_LEN 128
#define RDTRACE_STATUS_CPUS 64

struct rdtrace_clause_spec {
	__u64 predicate;     /* user address of a DIF blob, or 0 */
	__u32 predicate_len;
	__u32 actions_len;
	__u64 actions;       /* user address of a DIF blob */
};

struct rdtrace_probe_spec {  /* entry i has EPID i + 1 */
	__u64 addr;          /* ftrace location; 0 for BEGIN/END */
	__u32 kind;          /* RDTRACE_PROBE_* */
	__u32 clause;
	__u32 id;
	__u32 pid;           /* pid provider probes: the target process; else 0 */
	char module[RDTRACE_MODULE_LEN];
	char function[RDTRACE_FUNCTION_LEN]; /* tick, profile: the probe's name */
};

struct rdtrace_enable_args {
	__u64 clauses;
	__u64 probes;
	__u32 nclauses;
	__u32 nprobes;
	__u64 bufsize;
	__u32 bufpolicy;
	__u32 deadman_ms;
	__u32 error_clause;  /* written by the kernel on failure */
	__u32 error_code;
	__u32 error_insn;
	__u32 error_probe;
	char message[128];
	__u64 dynvarsize;    /* 0: 1 MiB */
	__u32 strsize;       /* 0: 256 */
	__u32 flags;         /* RDTRACE_ENABLE_* */
	__u64 specsize;      /* 0: 32 KiB */
	__u32 nspec;         /* 0: 1 */
	__u32 aggsize;       /* 0: 256 KiB */
	__u64 usdt;          /* user address of nusdt rdtrace_usdt_spec, or 0 */
	__u32 nusdt;
	__u32 _pad;
};

/* A USDT probe's arguments (from its .note.stapsdt) and semaphore. */
#define RDTRACE_USDT_MAX_ARGS 12
#define RDTRACE_USDT_ARG_NONE 0   /* reads as 0 */
#define RDTRACE_USDT_ARG_CONST 1  /* value */
#define RDTRACE_USDT_ARG_REG 2    /* register reg */
#define RDTRACE_USDT_ARG_MEM 3    /* user memory at register reg + value */
#define RDTRACE_USDT_ARG_ABS 4    /* user memory at value */

struct rdtrace_usdt_arg {
	__s64 value;
	__u8 kind;           /* RDTRACE_USDT_ARG_* */
	__u8 size;           /* 1, 2, 4 or 8 bytes, extended to 64 bits */
	__u8 is_signed;
	__u8 reg;            /* 64-bit word index in x86-64 struct pt_regs */
	__u32 _pad;
};

struct rdtrace_usdt_spec {
	__u32 id;            /* the RDTRACE_PROBE_UPROBE probe's ID */
	__u32 nargs;
	__u64 addr;          /* and the address of this site of it */
	__u64 semaphore;     /* file offset of its 2-byte semaphore; 0: none */
	struct rdtrace_usdt_arg args[RDTRACE_USDT_MAX_ARGS];
};

struct rdtrace_read_args {
	__u64 buf;
	__u32 len;
	__u32 cpu;
	__u32 copied;        /* written by the kernel */
	__u32 _pad;
};

struct rdtrace_cpu_status {
	__u64 drops;
	__u64 errors;
	__u64 nested;
	__u64 pending;
	__u64 dynvar_drops;
	__u64 agg_drops;
	__u64 spec_drops_busy;
	__u64 spec_drops_full;
};

struct rdtrace_status_args {
	__u32 state;
	__u32 ncpus;
	__u64 missed_returns;
	__u64 exit_status;
	struct rdtrace_cpu_status cpus[RDTRACE_STATUS_CPUS];
	__u64 spec_unavail;
	__u64 missed_kprobes;
};

/* Records: a 16-byte header (u32 size, u32 EPID, u64 timestamp: 0 under
 * RDTRACE_ENABLE_NO_RECORD_TIME), padded to 8. */
#define RDTRACE_RECORD_HEADER 16
#define RDTRACE_EPID_PAD 0
#define RDTRACE_EPID_ERROR 0xffffffffU
#define RDTRACE_ITEM_INT 1
#define RDTRACE_ITEM_STR 2
#define RDTRACE_ITEM_PRINTF 3
#define RDTRACE_ITEM_EXIT 4
#define RDTRACE_ITEM_FAULT 5 /* u32 epid, u32 id, u8 action, u8 fault, u32 insn, u64 addr */
#define RDTRACE_ITEM_STACK 6 /* u8 frames, then frames x u64 pc */
#define RDTRACE_ITEM_USTACK 7 /* u8 words, then u64 pid, then words - 1 x u64 pc */

#define RDTRACE_IOC_INFO _IOR(RDTRACE_IOC_MAGIC, 0x01, struct rdtrace_info)
#define RDTRACE_IOC_LOAD _IOWR(RDTRACE_IOC_MAGIC, 0x02, struct rdtrace_load_args)
#define RDTRACE_IOC_ENABLE _IOWR(RDTRACE_IOC_MAGIC, 0x03, struct rdtrace_enable_args)
#define RDTRACE_IOC_GO _IO(RDTRACE_IOC_MAGIC, 0x04)
#define RDTRACE_IOC_STOP _IO(RDTRACE_IOC_MAGIC, 0x05)
#define RDTRACE_IOC_READ _IOWR(RDTRACE_IOC_MAGIC, 0x06, struct rdtrace_read_args)
#define RDTRACE_IOC_STATUS _IOR(RDTRACE_IOC_MAGIC, 0x07, struct rdtrace_status_args)
/* One CPU's aggregation entries (uapi/src/aggs/snapshot.rs), len = 256 KiB. */
#define RDTRACE_IOC_AGGSNAP _IOWR(RDTRACE_IOC_MAGIC, 0x08, struct rdtrace_read_args)
/* Claims the anonymous session; copied = its enabling's size, copied to buf if len holds it. */
#define RDTRACE_IOC_CLAIM _IOWR(RDTRACE_IOC_MAGIC, 0x09, struct rdtrace_read_args)
/* The number of functions ftrace can trace (INFO's ftrace_functions is 0). */
#define RDTRACE_IOC_FUNCTIONS _IOR(RDTRACE_IOC_MAGIC, 0x0a, __u64)

#endif /* _UAPI_RDTRACE_H */
