//! Tracing ioctls: ENABLE a set of clauses on probes, GO, STOP, READ a CPU's
//! records and STATUS. Also the record format the kernel writes.
//!
//! An ENABLE hands the kernel arrays of [`ClauseSpec`] (verified DIF
//! programs) and [`ProbeSpec`] (one probe firing one clause: entry `i` is
//! EPID `i + 1`). The kernel verifies every program, checks every address
//! through ftrace, its symbols and the denylist, and preallocates all
//! buffers before anything fires.

/// [`ProbeSpec::kind`]: the function's entry, through ftrace.
pub const PROBE_ENTRY: u32 = 1;
/// [`ProbeSpec::kind`]: the function's return, through fprobe.
pub const PROBE_RETURN: u32 = 2;
/// [`ProbeSpec::kind`]: `dtrace:::BEGIN`, fired by GO.
pub const PROBE_BEGIN: u32 = 3;
/// [`ProbeSpec::kind`]: `dtrace:::END`, fired by STOP.
pub const PROBE_END: u32 = 4;
/// [`ProbeSpec::kind`]: `tick-N`, an hrtimer on one CPU; `addr` is the
/// period in ns.
pub const PROBE_TICK: u32 = 5;
/// [`ProbeSpec::kind`]: `profile-N`, an hrtimer on every CPU; `addr` is the
/// period in ns.
pub const PROBE_PROFILE: u32 = 6;
/// [`ProbeSpec::kind`]: `dtrace:::ERROR`, fired when a clause faults.
pub const PROBE_ERROR: u32 = 7;
/// [`ProbeSpec::kind`]: a system call's entry, through ftrace on its x86-64
/// wrapper (`addr` is `__x64_sys_NAME`, `function` is `NAME`). The wrapper's
/// one argument is the user's registers: arg0..arg5 are read from them.
pub const PROBE_SYSCALL_ENTRY: u32 = 8;
/// [`ProbeSpec::kind`]: a system call's return, through fprobe on its
/// wrapper: arg0 and arg1 are the return value, `errno` its error.
pub const PROBE_SYSCALL_RETURN: u32 = 9;
/// [`ProbeSpec::kind`]: a kprobe at `function` + `addr` (a byte offset),
/// for code ftrace cannot patch. arg0..arg5 are read from the calling
/// convention's registers (at an offset inside the function they hold
/// whatever the code left there, as in bpftrace).
pub const PROBE_KPROBE: u32 = 10;
/// [`ProbeSpec::kind`]: a kretprobe on `function`; `addr` is its
/// `maxactive` (0: the kernel's default). As fbt return: arg0 is the return
/// address, arg1 the return value.
pub const PROBE_KRETPROBE: u32 = 11;
/// [`ProbeSpec::kind`]: a static tracepoint of the kernel (vmlinux),
/// through `tracepoint_probe_register`. [`ProbeSpec::function`] is the
/// tracepoint's name (`sched_process_exec`), [`ProbeSpec::module`] its
/// subsystem (`sched`), `addr` how many arguments its `TP_PROTO` has:
/// arg0.. are those arguments (at most [`TRACEPOINT_MAX_ARGS`], the rest
/// 0). Like tick and profile probes it has no function of its own: the
/// probe is `tracepoint:SUBSYS::NAME`.
pub const PROBE_TRACEPOINT: u32 = 12;
/// [`ProbeSpec::kind`]: the pid provider's probe at a user instruction,
/// through a uprobe: `addr` is its virtual address in process
/// [`ProbeSpec::pid`] (mapped from an executable file), the module the
/// object's name (`libc.so.6`), the function field the function, a NUL and
/// the probe's name (`entry` or the offset in hex). Only that process
/// fires it; at entry arg0..arg5 are the calling convention's registers.
pub const PROBE_UPROBE: u32 = 13;
/// [`ProbeSpec::kind`]: the pid provider's return probe on the function at
/// `addr`, through a uretprobe: arg0 is the address returned to, arg1 the
/// return value.
pub const PROBE_URETPROBE: u32 = 14;

/// The most `TP_PROTO` arguments a tracepoint probe passes on.
pub const TRACEPOINT_MAX_ARGS: u64 = 6;

/// The prefix of the x86-64 system call wrappers' names: the syscall
/// provider's `openat` is the function `__x64_sys_openat`.
pub const SYSCALL_WRAPPER_PREFIX: &str = "__x64_sys_";

/// The prefix of a system call without arguments: its x86-64 wrapper is an
/// alias of `__do_sys_NAME` (`SYSCALL_DEFINE0`), and ftrace lists the
/// address under that name only (`getppid`, `getpid`, `sched_yield`, ...).
/// Its one argument is the user's registers too.
pub const SYSCALL_ALIAS_PREFIX: &str = "__do_sys_";

/// The `errno` of a system call that returned `rv`: Linux returns an error
/// as its negation, -4095..-1; anything else is success, 0.
pub const fn syscall_errno(rv: u64) -> u64 {
    let rv = rv as i64;
    if rv < 0 && rv >= -4095 {
        rv.unsigned_abs()
    } else {
        0
    }
}

/// The shortest tick or profile period: DTrace's profile provider makes no
/// probe firing more often than 5000 times a second (`profile_interval_min`).
pub const MIN_TIMER_PERIOD_NS: u64 = 200_000;

/// The provider of a probe of kind `kind` (`PROBE_*`).
pub const fn provider_name(kind: u32) -> &'static str {
    match kind {
        PROBE_ENTRY | PROBE_RETURN => "fbt",
        PROBE_TICK | PROBE_PROFILE => "profile",
        PROBE_SYSCALL_ENTRY | PROBE_SYSCALL_RETURN => "syscall",
        PROBE_TRACEPOINT => "tracepoint",
        PROBE_KPROBE => "kprobe",
        PROBE_KRETPROBE => "kretprobe",
        PROBE_UPROBE | PROBE_URETPROBE => "pid",
        _ => "dtrace",
    }
}

/// The name of a probe of kind `kind`, for the kinds whose name is fixed;
/// tick, profile and tracepoint probes carry theirs in [`ProbeSpec::function`].
pub const fn fixed_probe_name(kind: u32) -> Option<&'static str> {
    Some(match kind {
        PROBE_ENTRY | PROBE_SYSCALL_ENTRY => "entry",
        PROBE_RETURN | PROBE_SYSCALL_RETURN | PROBE_KRETPROBE | PROBE_URETPROBE => "return",
        PROBE_BEGIN => "BEGIN",
        PROBE_END => "END",
        PROBE_ERROR => "ERROR",
        _ => return None,
    })
}

/// Whether [`ProbeSpec::function`] holds the probe's function: tick,
/// profile and tracepoint probes have none and keep their name there.
pub const fn function_field_is_function(kind: u32) -> bool {
    !matches!(kind, PROBE_TICK | PROBE_PROFILE | PROBE_TRACEPOINT)
}

/// A probe's function and name as `probefunc` and `probename` give them:
/// tick and profile probes have no function and carry their name in its
/// place; a kprobe's name is its offset ([`kprobe_name`], in `digits`).
pub fn probe_function_and_name<'a>(
    p: &'a ProbeSpec,
    digits: &'a mut [u8; 16],
) -> (&'a [u8], &'a [u8]) {
    let field = crate::until_nul(&p.function);
    let function: &[u8] = if function_field_is_function(p.kind) {
        field
    } else {
        b""
    };
    let name = match fixed_probe_name(p.kind) {
        Some(name) => name.as_bytes(),
        None if p.kind == PROBE_KPROBE => kprobe_name(p.addr, digits),
        None if p.kind == PROBE_UPROBE => uprobe_name(p),
        None => field,
    };
    (function, name)
}

/// A pid provider probe's name: after its function's NUL in the function
/// field (`entry` when absent).
fn uprobe_name(p: &ProbeSpec) -> &[u8] {
    let function = crate::until_nul(&p.function);
    let rest = p.function.get(function.len() + 1..).unwrap_or(&[]);
    match crate::until_nul(rest) {
        b"" => b"entry",
        name => name,
    }
}

/// The provider of probe `p` as `probeprov` gives it: a pid provider
/// probe's is `pid` and its process's pid (`pid1234`, written in `buf`).
pub fn probe_provider<'a>(p: &ProbeSpec, buf: &'a mut [u8; 16]) -> &'a [u8] {
    if !matches!(p.kind, PROBE_UPROBE | PROBE_URETPROBE) {
        return provider_name(p.kind).as_bytes();
    }
    buf[..3].copy_from_slice(b"pid");
    let mut digits = [0u8; 10];
    let (mut at, mut v) = (digits.len(), p.pid);
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let n = digits.len() - at;
    buf[3..3 + n].copy_from_slice(&digits[at..]);
    &buf[..3 + n]
}

/// The name of the kprobe at byte `offset` into its function: `entry` at
/// 0, else the offset in lowercase hex without `0x`, as DTrace's pid
/// provider names its instruction probes. `buf` holds the digits.
pub fn kprobe_name(offset: u64, buf: &mut [u8; 16]) -> &[u8] {
    if offset == 0 {
        return b"entry";
    }
    let mut at = buf.len();
    let mut v = offset;
    while v != 0 && at > 0 {
        at -= 1;
        buf[at] = b"0123456789abcdef"[(v & 15) as usize];
        v >>= 4;
    }
    &buf[at..]
}

/// The most kretprobe instances in flight per probe (`maxactive`).
pub const MAX_KRETPROBE_ACTIVE: u64 = 4096;

/// [`EnableArgs::bufpolicy`]: drain continuously; a full buffer drops.
pub const BUFPOLICY_SWITCH: u32 = 0;
/// [`EnableArgs::bufpolicy`]: stop recording on a CPU whose buffer filled.
pub const BUFPOLICY_FILL: u32 = 1;
/// [`EnableArgs::bufpolicy`]: overwrite the oldest records; read at the end.
pub const BUFPOLICY_RING: u32 = 2;

/// Most clauses in one ENABLE.
pub const MAX_CLAUSES: u32 = 1024;
/// Most probes in one ENABLE.
pub const MAX_PROBES: u32 = 1 << 17;
/// Smallest and largest per-CPU buffer.
pub const MIN_BUFSIZE: u64 = 4096;
/// See [`MIN_BUFSIZE`].
pub const MAX_BUFSIZE: u64 = 256 << 20;

/// The deadman's default: probes stop recording when the consumer has not
/// called in (READ or STATUS) for this long.
pub const DEFAULT_DEADMAN_MS: u32 = 10_000;

/// Length of [`ProbeSpec::module`].
pub const MODULE_LEN: usize = 56;
/// Length of [`ProbeSpec::function`].
pub const FUNCTION_LEN: usize = 128;

/// One clause: its predicate (optional) and actions, as DIF blobs.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClauseSpec {
    /// User address of the predicate blob, or 0 for none.
    pub predicate: u64,
    /// Its length.
    pub predicate_len: u32,
    /// Length of the actions blob.
    pub actions_len: u32,
    /// User address of the actions blob.
    pub actions: u64,
}

/// One probe site and the clause it fires.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProbeSpec {
    /// The ftrace location (from `available_filter_functions_addrs`; a
    /// syscall probe's is its wrapper's); 0 for BEGIN, END and ERROR; the
    /// period in ns for tick and profile.
    pub addr: u64,
    /// `PROBE_*`.
    pub kind: u32,
    /// Index of the clause in the ENABLE's clause array.
    pub clause: u32,
    /// The probe's ID (the `id` builtin, and what `-l` lists).
    pub id: u32,
    /// The target process of a pid provider probe ([`PROBE_UPROBE`],
    /// [`PROBE_URETPROBE`]); zero for any other.
    pub pid: u32,
    /// The module name (`vmlinux` for the kernel, empty for syscall
    /// probes, as DTrace's), NUL-padded.
    pub module: [u8; MODULE_LEN],
    /// The function name, NUL-padded. Tick and profile probes have no
    /// function: for them it holds the probe's name (`tick-1s`).
    pub function: [u8; FUNCTION_LEN],
}

const _: () = assert!(core::mem::size_of::<ClauseSpec>() == 24);
const _: () = assert!(core::mem::size_of::<ProbeSpec>() == 208);

impl Default for ProbeSpec {
    fn default() -> Self {
        ProbeSpec {
            addr: 0,
            kind: 0,
            clause: 0,
            id: 0,
            pid: 0,
            module: [0; MODULE_LEN],
            function: [0; FUNCTION_LEN],
        }
    }
}

/// The argument of ENABLE.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnableArgs {
    /// User address of `nclauses` [`ClauseSpec`]s.
    pub clauses: u64,
    /// User address of `nprobes` [`ProbeSpec`]s.
    pub probes: u64,
    /// Number of clauses.
    pub nclauses: u32,
    /// Number of probes.
    pub nprobes: u32,
    /// Bytes of principal buffer per CPU.
    pub bufsize: u64,
    /// `BUFPOLICY_*`.
    pub bufpolicy: u32,
    /// Stop the enablings if no READ or STATUS came for this long (ms);
    /// 0 for the default.
    pub deadman_ms: u32,
    /// Written by the kernel on a rejected program: the clause, and the
    /// verifier's error code, instruction and message.
    pub error_clause: u32,
    /// See [`EnableArgs::error_clause`]; 0 when the error is not a program's.
    pub error_code: u32,
    /// See [`EnableArgs::error_clause`].
    pub error_insn: u32,
    /// Written by the kernel: the index of a probe it refused, or u32::MAX.
    pub error_probe: u32,
    /// Written by the kernel: the reason in words, NUL-terminated.
    pub message: [u8; 128],
    /// Bytes of dynamic-variable space (thread-local and associative
    /// array storage); 0 for [`DEFAULT_DYNVARSIZE`].
    pub dynvarsize: u64,
    /// Largest string in bytes (`strsize`); 0 for [`DEFAULT_STRSIZE`].
    pub strsize: u32,
    /// `ENABLE_*` flags.
    pub flags: u32,
    /// Bytes of each speculation's buffer per CPU (`specsize`); 0 for
    /// [`DEFAULT_SPECSIZE`].
    pub specsize: u64,
    /// Speculations (`nspec`); 0 for [`DEFAULT_NSPEC`].
    pub nspec: u32,
    /// Bytes of aggregation table per CPU (`aggsize`; what was padding);
    /// 0 for [`crate::aggs::AGG_BYTES_PER_CPU`], at most [`MAX_AGGSIZE`].
    pub aggsize: u32,
    /// User address of `nusdt` [`UsdtSpec`]s: the arguments and semaphores
    /// of the [`PROBE_UPROBE`] probes that are USDT probes; 0 for none.
    pub usdt: u64,
    /// Number of [`UsdtSpec`]s, at most [`MAX_PROBES`].
    pub nusdt: u32,
    /// Explicit padding; zero.
    pub _pad: u32,
}

const _: () = assert!(core::mem::size_of::<EnableArgs>() == 232);

/// Most arguments a USDT probe has (`<sys/sdt.h>`'s limit).
pub const USDT_MAX_ARGS: usize = 12;
/// [`UsdtArg::kind`]: an argument the note does not say how to read: 0.
pub const USDT_ARG_NONE: u8 = 0;
/// [`UsdtArg::kind`]: the constant `value` (`8@$5`).
pub const USDT_ARG_CONST: u8 = 1;
/// [`UsdtArg::kind`]: register `reg` (`-4@%edi`).
pub const USDT_ARG_REG: u8 = 2;
/// [`UsdtArg::kind`]: user memory at register `reg` plus `value`
/// (`8@-8(%rbp)`).
pub const USDT_ARG_MEM: u8 = 3;
/// [`UsdtArg::kind`]: user memory at the address `value` (a `%rip`-relative
/// operand, resolved against the object's load address).
pub const USDT_ARG_ABS: u8 = 4;

/// How the uprobe handler reads one argument of a USDT probe, as its
/// `.note.stapsdt` argument spec says.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UsdtArg {
    /// The constant, the displacement or the address (see `kind`).
    pub value: i64,
    /// `USDT_ARG_*`.
    pub kind: u8,
    /// Bytes of the value: 1, 2, 4 or 8; it is sign- (`signed`) or
    /// zero-extended to 64 bits.
    pub size: u8,
    /// 1 if the value is signed.
    pub signed: u8,
    /// A register: the index of its 64-bit word in the x86-64 `struct
    /// pt_regs` (r15 0, ..., ax 10, cx 11, dx 12, si 13, di 14, ip 16, sp 19).
    pub reg: u8,
    /// Explicit padding; zero.
    pub _pad: u32,
}

/// A USDT probe: a [`PROBE_UPROBE`] probe (by ID) whose arguments come
/// from its note, and the semaphore the kernel counts up while it is
/// placed (uprobes' reference counter).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UsdtSpec {
    /// The probe's ID ([`ProbeSpec::id`]).
    pub id: u32,
    /// Arguments in `args`, at most [`USDT_MAX_ARGS`].
    pub nargs: u32,
    /// The file offset of its semaphore (a 2-byte counter) in the file
    /// the probe is in; 0 for none.
    pub semaphore: u64,
    /// arg0, arg1, ...
    pub args: [UsdtArg; USDT_MAX_ARGS],
}

const _: () = assert!(core::mem::size_of::<UsdtArg>() == 16);
const _: () = assert!(core::mem::size_of::<UsdtSpec>() == 208);

/// Largest `aggsize`: 64 MiB per CPU.
pub const MAX_AGGSIZE: u32 = 64 << 20;

/// DTrace's default `nspec`.
pub const DEFAULT_NSPEC: u32 = 1;
/// Most speculations.
pub const MAX_NSPEC: u32 = 1024;
/// DTrace's default `specsize`: 32 KiB per CPU.
pub const DEFAULT_SPECSIZE: u64 = 32 << 10;
/// Largest `specsize`.
pub const MAX_SPECSIZE: u64 = 16 << 20;
/// Most bytes of speculation buffers per CPU (`nspec * specsize`).
pub const MAX_SPEC_BYTES: u64 = 64 << 20;

/// [`EnableArgs::flags`]: destructive actions are allowed (`-w`).
pub const ENABLE_DESTRUCTIVE: u32 = 1;
/// [`EnableArgs::flags`]: enter entry probes through ftrace's shared
/// `ftrace_ops` path, never by direct call (`-x nodirect`), so that BPF
/// trampolines can attach to the same functions while the session runs.
pub const ENABLE_SHARED_ENTRY: u32 = 2;
/// DTrace's default `dynvarsize`: 1 MiB.
pub const DEFAULT_DYNVARSIZE: u64 = 1 << 20;
/// DTrace's default `strsize`.
pub const DEFAULT_STRSIZE: u32 = 256;
/// Largest `dynvarsize`.
pub const MAX_DYNVARSIZE: u64 = 256 << 20;

impl Default for EnableArgs {
    fn default() -> Self {
        EnableArgs {
            clauses: 0,
            probes: 0,
            nclauses: 0,
            nprobes: 0,
            bufsize: 0,
            bufpolicy: 0,
            deadman_ms: 0,
            error_clause: 0,
            error_code: 0,
            error_insn: 0,
            error_probe: 0,
            message: [0; 128],
            dynvarsize: 0,
            strsize: 0,
            flags: 0,
            specsize: 0,
            nspec: 0,
            aggsize: 0,
            usdt: 0,
            nusdt: 0,
            _pad: 0,
        }
    }
}

/// The argument of READ: copy whole records of one CPU's buffer.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadArgs {
    /// User address of the destination.
    pub buf: u64,
    /// Its size in bytes.
    pub len: u32,
    /// The CPU whose buffer to read.
    pub cpu: u32,
    /// Written by the kernel: bytes copied (whole records only).
    pub copied: u32,
    /// Explicit padding; zero.
    pub _pad: u32,
}

const _: () = assert!(core::mem::size_of::<ReadArgs>() == 24);

/// Counters of one CPU, in STATUS.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuStatus {
    /// Records that did not fit.
    pub drops: u64,
    /// Clauses that ended in a fault.
    pub errors: u64,
    /// Hits skipped because a probe was already running on the CPU.
    pub nested: u64,
    /// Bytes waiting to be read.
    pub pending: u64,
    /// Dynamic-variable stores that found no free space.
    pub dynvar_drops: u64,
    /// Aggregation updates whose key found no free space.
    pub agg_drops: u64,
    /// `speculation()` calls that found no free speculation while one was
    /// being committed.
    pub spec_drops_busy: u64,
    /// Speculative records that did not fit in their buffer.
    pub spec_drops_full: u64,
}

/// Most CPUs STATUS reports.
pub const STATUS_CPUS: usize = 64;

/// The argument of STATUS.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusArgs {
    /// `STATE_*`.
    pub state: u32,
    /// CPUs reported in `cpus`.
    pub ncpus: u32,
    /// Return probes missed (fprobe's count).
    pub missed_returns: u64,
    /// The status `exit()` gave, valid when `state` is `STATE_EXITED`.
    pub exit_status: u64,
    /// Per-CPU counters.
    pub cpus: [CpuStatus; STATUS_CPUS],
    /// `speculation()` calls that found every speculation in use.
    pub spec_unavail: u64,
    /// kprobe and kretprobe hits the kernel skipped (their `nmissed`
    /// summed: a kprobe hit inside another handler, or a return with no
    /// free kretprobe instance).
    pub missed_kprobes: u64,
}

const _: () = assert!(core::mem::size_of::<StatusArgs>() == 24 + 64 * STATUS_CPUS + 16);

impl Default for StatusArgs {
    fn default() -> Self {
        StatusArgs {
            state: 0,
            ncpus: 0,
            missed_returns: 0,
            exit_status: 0,
            cpus: [CpuStatus::default(); STATUS_CPUS],
            spec_unavail: 0,
            missed_kprobes: 0,
        }
    }
}

/// Nothing enabled.
pub const STATE_IDLE: u32 = 0;
/// Enabled, not yet started.
pub const STATE_ENABLED: u32 = 1;
/// Probes firing.
pub const STATE_ACTIVE: u32 = 2;
/// Stopped by STOP; records may remain.
pub const STATE_STOPPED: u32 = 3;
/// A clause called `exit()`; probes no longer fire.
pub const STATE_EXITED: u32 = 4;
/// The deadman stopped it: no consumer called in.
pub const STATE_DEADMAN: u32 = 5;

/// Record layout: every record starts with this 16-byte header and is
/// padded to a multiple of 8 bytes. `size` includes the header.
pub mod record {
    /// Header size.
    pub const HEADER: usize = 16;
    /// Offset of the `u32` size.
    pub const SIZE_AT: usize = 0;
    /// Offset of the `u32` EPID (the ENABLE's probe index + 1: one probe
    /// firing one clause); [`EPID_ERROR`] for
    /// fault reports, [`EPID_PAD`] for padding to skip.
    pub const EPID_AT: usize = 4;
    /// Offset of the `u64` timestamp (monotonic ns).
    pub const TIME_AT: usize = 8;
    /// EPID of a padding record.
    pub const EPID_PAD: u32 = 0;
    /// EPID of an error record: payload is [`ITEM_FAULT`].
    pub const EPID_ERROR: u32 = u32::MAX;

    /// Payload items, each a tag byte then its fields, little-endian, packed:
    /// `trace()` of an integer: `u64`.
    pub const ITEM_INT: u8 = 1;
    /// A string: `u16` length, then the bytes.
    pub const ITEM_STR: u8 = 2;
    /// `printf`: `u32` format id, `u8` argument count, then that many
    /// [`ITEM_INT`]/[`ITEM_STR`] items.
    pub const ITEM_PRINTF: u8 = 3;
    /// `exit()`: `u64` status.
    pub const ITEM_EXIT: u8 = 4;
    /// A fault: `u32` EPID, `u32` probe id, `u8` where (0 the predicate,
    /// N the clause's Nth action, as DTrace counts), `u8` fault code,
    /// `u32` instruction, `u64` address.
    pub const ITEM_FAULT: u8 = 5;
    /// `stack()`: `u8` frame count, then that many `u64` return addresses,
    /// innermost first (the probed function's own frame on an entry probe).
    pub const ITEM_STACK: u8 = 6;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_is_a_negative_return_in_linux_error_range_negated() {
        assert_eq!(syscall_errno(-2i64 as u64), 2);
        assert_eq!(syscall_errno(-4095i64 as u64), 4095);
        assert_eq!(syscall_errno(-4096i64 as u64), 0);
        assert_eq!(syscall_errno(0), 0);
        assert_eq!(syscall_errno(42), 0);
        // mmap's addresses in the upper half are not errors.
        assert_eq!(syscall_errno(0xffff_8000_0000_0000), 0);
    }

    #[test]
    fn syscall_probes_are_the_syscall_providers_entry_and_return() {
        assert_eq!(provider_name(PROBE_SYSCALL_ENTRY), "syscall");
        assert_eq!(provider_name(PROBE_SYSCALL_RETURN), "syscall");
        assert_eq!(fixed_probe_name(PROBE_SYSCALL_ENTRY), Some("entry"));
        assert_eq!(fixed_probe_name(PROBE_SYSCALL_RETURN), Some("return"));
    }

    #[test]
    fn tracepoint_probes_are_named_by_their_function_field() {
        assert_eq!(provider_name(PROBE_TRACEPOINT), "tracepoint");
        assert_eq!(fixed_probe_name(PROBE_TRACEPOINT), None);
    }

    #[test]
    fn kprobes_are_named_by_their_offset_in_hex_and_kretprobes_return() {
        let mut buf = [0; 16];
        assert_eq!(kprobe_name(0, &mut buf), b"entry");
        assert_eq!(kprobe_name(9, &mut buf), b"9");
        assert_eq!(kprobe_name(0x1c, &mut buf), b"1c");
        assert_eq!(kprobe_name(u64::MAX, &mut buf), b"ffffffffffffffff");
        assert_eq!(fixed_probe_name(PROBE_KRETPROBE), Some("return"));
        assert_eq!(fixed_probe_name(PROBE_KPROBE), None);
        assert_eq!(provider_name(PROBE_KPROBE), "kprobe");
        assert_eq!(provider_name(PROBE_KRETPROBE), "kretprobe");
        assert!(function_field_is_function(PROBE_KPROBE));
        assert!(!function_field_is_function(PROBE_TICK));
        assert!(!function_field_is_function(PROBE_TRACEPOINT));
    }

    #[test]
    fn a_pid_probe_is_named_by_its_process_and_its_function_fields_name() {
        let mut p = ProbeSpec {
            kind: PROBE_UPROBE,
            pid: 4021,
            ..ProbeSpec::default()
        };
        p.function[..7].copy_from_slice(b"main\x001c");
        let (mut buf, mut digits) = ([0u8; 16], [0u8; 16]);
        assert_eq!(probe_provider(&p, &mut buf), b"pid4021");
        assert_eq!(
            probe_function_and_name(&p, &mut digits),
            (&b"main"[..], &b"1c"[..])
        );
        p.function[4..7].copy_from_slice(b"\0\0\0");
        assert_eq!(probe_function_and_name(&p, &mut digits).1, b"entry");
        p.kind = PROBE_URETPROBE;
        assert_eq!(probe_function_and_name(&p, &mut digits).1, b"return");
        p.pid = 0;
        assert_eq!(probe_provider(&p, &mut buf), b"pid0");
        p.kind = PROBE_KPROBE;
        assert_eq!(probe_provider(&p, &mut buf), b"kprobe");
    }
}
