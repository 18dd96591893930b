// SPDX-License-Identifier: GPL-2.0

//! ENABLE: copy the clauses and probes in, verify every program, check every
//! probe against ftrace's own symbol for its address and the denylist, build
//! the tables and allocate the buffers, all before anything can fire. Any
//! refusal names the clause or probe and says why, in `EnableArgs`.

use crate::aggs::AGG_BYTES_PER_CPU;
use crate::bindings;
use crate::cpu_state::CpuState;
use crate::denylist::is_denied;
use crate::kprobes::add_site;
use crate::heapsort;
use crate::load::FixedWriter;
use crate::probe_table::{ProbeTable, Target};
use crate::dif::limits;
use crate::dif::subr::Subr;
use crate::dif::program::{VarDecl, VarKind};
use crate::budget;
use crate::called_returns::CalledReturns;
use crate::program::{self, Program};
use crate::session_vars::SessionVars;
use crate::speculation::{uses_speculation, Speculations};
use crate::timed::TimedProbe;
use crate::tracepoints::{self, TracepointProbe};
use crate::tracing::{Clause, Plan};
use crate::verified_names::VerifiedNames;
use crate::trace::*;
use core::fmt::Write;
use kernel::alloc::{KVVec, KVec};
use kernel::prelude::*;
use kernel::uaccess::UserSlice;

// SAFETY: `repr(C)` integers and byte arrays with explicit padding (sizes
// asserted in the uapi): every bit pattern is valid, no implicit padding.
unsafe impl kernel::types::FromBytes for EnableArgs {}
// SAFETY: as above.
unsafe impl kernel::types::AsBytes for EnableArgs {}
// SAFETY: as above.
unsafe impl kernel::types::FromBytes for ClauseSpec {}
// SAFETY: as above.
unsafe impl kernel::types::FromBytes for ProbeSpec {}
// SAFETY: as above.
unsafe impl kernel::types::FromBytes for UsdtSpec {}

/// Most EPIDs whose fixed-key aggregation entries each CPU notes.
const MAX_FIXED_EPIDS: usize = 16384;

/// Why an ENABLE was refused: the errno and the words for the user.
pub(crate) struct Refusal {
    pub(crate) errno: Error,
}

pub(crate) fn refuse(args: &mut EnableArgs, errno: Error, msg: core::fmt::Arguments<'_>) -> Refusal {
    let _ = FixedWriter::new(&mut args.message).write_fmt(msg);
    Refusal { errno }
}

/// Where an ENABLE's clauses, probes and programs come from: user memory
/// (the ioctl) or an enabling blob in kernel memory (the kernel API). Both
/// are read through [`plan`], so they are checked the same way.
pub(crate) trait Source {
    /// The next clause; its program addresses mean something to
    /// [`Source::program`].
    fn next_clause(&mut self) -> Result<ClauseSpec>;
    /// All `n` probes, read at once into the array the session keeps.
    fn probes(&mut self, n: u32) -> Result<KVVec<ProbeSpec>>;
    /// The next USDT probe's arguments and semaphore.
    fn next_usdt(&mut self) -> Result<UsdtSpec>;
    /// A copy of the program of `len` bytes at `addr`.
    fn program(&mut self, addr: u64, len: u32) -> Result<KVVec<u8>>;
}

/// The ioctl's source: the user addresses in [`EnableArgs`].
pub(crate) struct UserSource {
    clauses: kernel::uaccess::UserSliceReader,
    probes: kernel::uaccess::UserSliceReader,
    usdt: kernel::uaccess::UserSliceReader,
}

impl UserSource {
    /// Reads the arrays `args` points at.
    pub(crate) fn new(args: &EnableArgs) -> UserSource {
        let clause_bytes = (args.nclauses as usize).saturating_mul(core::mem::size_of::<ClauseSpec>());
        let probe_bytes = (args.nprobes as usize).saturating_mul(core::mem::size_of::<ProbeSpec>());
        let usdt_bytes = (args.nusdt as usize).saturating_mul(core::mem::size_of::<UsdtSpec>());
        UserSource {
            clauses: UserSlice::new(args.clauses as usize, clause_bytes).reader(),
            probes: UserSlice::new(args.probes as usize, probe_bytes).reader(),
            usdt: UserSlice::new(args.usdt as usize, usdt_bytes).reader(),
        }
    }
}

impl Source for UserSource {
    fn next_clause(&mut self) -> Result<ClauseSpec> {
        self.clauses.read()
    }
    fn probes(&mut self, n: u32) -> Result<KVVec<ProbeSpec>> {
        // One copy of the whole array into its place: with every function
        // probed, a 208-byte read and a second copy each were a fifth of
        // ENABLE.
        let n = n as usize;
        let mut probes = KVVec::with_capacity(n, GFP_KERNEL)?;
        let spare = probes.spare_capacity_mut().get_mut(..n).ok_or(ENOMEM)?;
        let len = core::mem::size_of_val(spare);
        // SAFETY: `spare` is `len` bytes of uninitialised memory that we
        // own; viewed as bytes it has the same size and no stricter
        // alignment.
        let bytes = unsafe { core::slice::from_raw_parts_mut(spare.as_mut_ptr().cast::<core::mem::MaybeUninit<u8>>(), len) };
        self.probes.read_raw(bytes)?;
        // SAFETY: read_raw initialised all `n` elements' bytes, and a
        // ProbeSpec is valid for any bytes (it is `FromBytes`).
        unsafe { probes.set_len(n) };
        Ok(probes)
    }
    fn next_usdt(&mut self) -> Result<UsdtSpec> {
        self.usdt.read()
    }
    fn program(&mut self, addr: u64, len: u32) -> Result<KVVec<u8>> {
        program::copy_from_user(addr, len as usize)
    }
}

/// An enabling blob's source (see `crate::enabling`).
pub(crate) struct BlobSource<'a> {
    enabling: crate::enabling::Enabling<'a>,
    clause: u32,
}

impl<'a> BlobSource<'a> {
    /// Reads the parsed `enabling`.
    pub(crate) fn new(enabling: crate::enabling::Enabling<'a>) -> BlobSource<'a> {
        BlobSource { enabling, clause: 0 }
    }
}

impl Source for BlobSource<'_> {
    fn next_clause(&mut self) -> Result<ClauseSpec> {
        let c = self.enabling.clause(self.clause).ok_or(EINVAL)?;
        self.clause += 1;
        Ok(c)
    }
    fn probes(&mut self, n: u32) -> Result<KVVec<ProbeSpec>> {
        let mut probes = KVVec::with_capacity(n as usize, GFP_KERNEL)?;
        for i in 0..n {
            probes.push(self.enabling.probe(i).ok_or(EINVAL)?, GFP_KERNEL)?;
        }
        Ok(probes)
    }
    fn next_usdt(&mut self) -> Result<UsdtSpec> {
        // An enabling has no USDT probes (they belong to one process).
        Err(EINVAL)
    }
    fn program(&mut self, addr: u64, len: u32) -> Result<KVVec<u8>> {
        let bytes = self.enabling.program(addr, len).ok_or(EINVAL)?;
        let mut blob = KVVec::with_capacity(bytes.len(), GFP_KERNEL)?;
        blob.extend_from_slice(bytes, GFP_KERNEL)?;
        Ok(blob)
    }
}

fn copy_program(source: &mut impl Source, addr: u64, len: u32) -> Result<KVVec<u8>> {
    if len > crate::load::MAX_BLOB {
        return Err(E2BIG);
    }
    source.program(addr, len)
}

/// Reads and checks one clause.
fn clause(args: &mut EnableArgs, source: &mut impl Source, index: u32, spec: &ClauseSpec, strsize: u32) -> core::result::Result<Clause, Refusal> {
    let mut load = |addr: u64, len: u32, what: &str| -> core::result::Result<Program, Refusal> {
        let blob = copy_program(source, addr, len)
            .map_err(|e| refuse(args, e, format_args!("clause {index}: cannot read its {what} program")))?;
        let verdict = program::verify(blob, strsize).map_err(|e| refuse(args, e, format_args!("out of memory")))?;
        verdict.map_err(|e| {
            args.error_clause = index;
            args.error_code = e.code();
            args.error_insn = e.insn();
            refuse(args, EINVAL, format_args!("{}", e.describe()))
        })
    };
    let predicate = if spec.predicate != 0 {
        Some(load(spec.predicate, spec.predicate_len, "predicate")?)
    } else {
        None
    };
    let actions = load(spec.actions, spec.actions_len, "actions")?;
    Ok(Clause::new(predicate, actions))
}

/// Refuses the enabling if a clause reads kernel memory and the kernel's
/// lockdown forbids that, or raises a signal (`raise()`, a destructive
/// action) and the enabling was not allowed them (`-w`), whatever the
/// compiler checked.
fn check_programs(args: &mut EnableArgs, clauses: &[Clause]) -> core::result::Result<(), Refusal> {
    let destructive = args.flags & ENABLE_DESTRUCTIVE != 0;
    for (index, c) in clauses.iter().enumerate() {
        for p in Iterator::chain(c.predicate.iter(), core::iter::once(&c.actions)) {
            if let Some(why) = crate::lockdown::refusal(p) {
                args.error_clause = index as u32;
                return Err(refuse(args, EPERM, format_args!("clause {}: {why}", index + 1)));
            }
            if !destructive && program::calls(p, Subr::Raise) {
                args.error_clause = index as u32;
                let why = "raise() is a destructive action: allow them with -w";
                return Err(refuse(args, EPERM, format_args!("clause {}: {why}", index + 1)));
            }
        }
    }
    Ok(())
}

/// The kernel's name for `addr` into `buf`, without the ` [module]` of a
/// module's function.
pub(crate) fn symbol_name(addr: u64, buf: &mut [u8; 512]) -> &[u8] {
    symbol_of(addr, buf).0
}

/// [`symbol_name`], and whether the function is a module's.
fn symbol_of(addr: u64, buf: &mut [u8; 512]) -> (&[u8], bool) {
    // SAFETY: `buf` has KSYM_SYMBOL_LEN (512) bytes, as the function needs.
    let n = unsafe { bindings::sprint_symbol_no_offset(buf.as_mut_ptr().cast(), addr as _) };
    let n = usize::try_from(n).unwrap_or(0).min(buf.len());
    let name = &buf[..n];
    match name.iter().position(|&b| b == b' ') {
        Some(sp) => (&name[..sp], true),
        None => (name, false),
    }
}

/// Checks one probe: its kind, clause, and that its address is the function
/// it names and that function is allowed.
fn check_probe(args: &mut EnableArgs, index: u32, p: &ProbeSpec, verified: &mut VerifiedNames) -> core::result::Result<(), Refusal> {
    args.error_probe = index;
    let known = (PROBE_ENTRY..=PROBE_URETPROBE).contains(&p.kind);
    if p.clause >= args.nclauses || !known {
        return Err(refuse(args, EINVAL, format_args!("probe {index}: bad kind or clause")));
    }
    match p.kind {
        PROBE_BEGIN | PROBE_END | PROBE_ERROR => {
            args.error_probe = u32::MAX;
            return Ok(());
        }
        PROBE_TICK | PROBE_PROFILE => return check_timed(args, index, p),
        PROBE_TRACEPOINT => return check_tracepoint(args, index, p),
        PROBE_KPROBE | PROBE_KRETPROBE => return check_kprobe(args, index, p),
        PROBE_UPROBE | PROBE_URETPROBE => return check_uprobe(args, index, p),
        _ => {}
    }
    let fbt = matches!(p.kind, PROBE_ENTRY | PROBE_RETURN);
    if fbt && verified.holds(p.addr, &p.function) {
        args.error_probe = u32::MAX;
        return Ok(());
    }
    let claimed = crate::abi::until_nul(&p.function);
    let mut buf = [0u8; 512];
    let (actual, in_module) = symbol_of(p.addr, &mut buf);
    let name = core::str::from_utf8(claimed).unwrap_or("?");
    // A syscall probe names the call; its site is the call's wrapper.
    let wrapper = match p.kind {
        PROBE_SYSCALL_ENTRY | PROBE_SYSCALL_RETURN => actual
            .strip_prefix(SYSCALL_WRAPPER_PREFIX.as_bytes())
            .or_else(|| actual.strip_prefix(SYSCALL_ALIAS_PREFIX.as_bytes())),
        _ => Some(actual),
    };
    if wrapper != Some(claimed) {
        let actual = core::str::from_utf8(actual).unwrap_or("?");
        return Err(refuse(
            args,
            EINVAL,
            format_args!("probe {index}: address {:#x} is `{actual}`, not `{name}`", p.addr),
        ));
    }
    let actual = core::str::from_utf8(actual).unwrap_or("?");
    if is_denied(actual) {
        return Err(refuse(args, EPERM, format_args!("probe {index}: `{actual}` is on rdtrace's denylist")));
    }
    if fbt && !in_module {
        verified.note(p.addr, &p.function);
    }
    args.error_probe = u32::MAX;
    Ok(())
}

/// The largest offset a kprobe may name: past any function's end.
const MAX_KPROBE_OFFSET: u64 = 1 << 20;

/// A kprobe or kretprobe: a function rdtrace allows, a sane offset or
/// `maxactive`. The kernel checks the rest when it registers it by name.
fn check_kprobe(args: &mut EnableArgs, index: u32, p: &ProbeSpec) -> core::result::Result<(), Refusal> {
    let function = crate::abi::until_nul(&p.function);
    let name = core::str::from_utf8(function).unwrap_or("?");
    if function.is_empty() || name == "?" {
        return Err(refuse(args, EINVAL, format_args!("probe {index}: a kprobe needs its function")));
    }
    if is_denied(name) {
        return Err(refuse(args, EPERM, format_args!("cannot probe (EPERM: on rdtrace's denylist)")));
    }
    if p.kind == PROBE_KPROBE && p.addr >= MAX_KPROBE_OFFSET {
        return Err(refuse(args, EINVAL, format_args!("cannot probe (ERANGE: offset {} is past any function's end)", p.addr)));
    }
    if p.kind == PROBE_KRETPROBE && p.addr > MAX_KRETPROBE_ACTIVE {
        return Err(refuse(args, EINVAL, format_args!("cannot probe (E2BIG: maxactive {} is more than {MAX_KRETPROBE_ACTIVE})", p.addr)));
    }
    args.error_probe = u32::MAX;
    Ok(())
}

/// A pid provider probe: a process and a user address. The kernel checks
/// the rest (the process, the mapping) when it registers it.
fn check_uprobe(args: &mut EnableArgs, index: u32, p: &ProbeSpec) -> core::result::Result<(), Refusal> {
    if p.pid == 0 || p.pid > i32::MAX as u32 || p.addr == 0 {
        return Err(refuse(args, EINVAL, format_args!("probe {index}: a pid probe needs its process and address")));
    }
    args.error_probe = u32::MAX;
    Ok(())
}

/// The session's variable table: the longest program's, of which every
/// program's must be a prefix (the compiler gives every program the whole
/// script's table, so an index is a session-wide variable id).
fn session_vars(args: &mut EnableArgs, clauses: &[Clause], strsize: u32, dynvarsize: u64, ncpus: usize) -> core::result::Result<SessionVars, Refusal> {
    let programs = || clauses.iter().flat_map(|c| Iterator::chain(c.predicate.iter(), core::iter::once(&c.actions)));
    let longest = programs().max_by_key(|p| program::var_table(p).count());
    let count = longest.map_or(0, |p| program::var_table(p).count());
    for (index, c) in clauses.iter().enumerate() {
        for (p, what) in [(c.predicate.as_ref(), "predicate"), (Some(&c.actions), "actions")] {
            let (Some(p), Some(longest)) = (p, longest) else { continue };
            if let Some(var) = program::var_table(p).zip(program::var_table(longest)).position(|(a, b)| a != b) {
                args.error_clause = index as u32;
                return Err(refuse(
                    args,
                    EINVAL,
                    format_args!("clause {}: its {what} program's variable {var} differs from the session's variable table", index + 1),
                ));
            }
        }
    }
    let decls = longest.into_iter().flat_map(|p| program::var_table(p)).filter_map(VarDecl::decode);
    SessionVars::new(decls, count, strsize, dynvarsize, ncpus).map_err(|_| {
        let kib = dynvarsize >> 10;
        refuse(args, ENOMEM, format_args!("cannot allocate {kib} KiB of dynamic variables: lower dynvarsize"))
    })
}

/// Refuses a session whose buffers the machine cannot hold now, naming
/// what it asked for and what is allowed.
fn check_budget(args: &mut EnableArgs, clauses: &[Clause], agg_bytes: usize, dynvarsize: u64, (nspec, specsize): (u32, u64), ncpus: usize) -> core::result::Result<(), Refusal> {
    let programs = || clauses.iter().flat_map(|c| Iterator::chain(c.predicate.iter(), core::iter::once(&c.actions)));
    let dynamic = programs()
        .flat_map(program::var_table)
        .filter_map(VarDecl::decode)
        .any(|d| matches!(d.kind, VarKind::ThreadLocal | VarKind::Assoc));
    let request = budget::Request {
        ncpus: ncpus as u64,
        bufsize: args.bufsize,
        aggsize: agg_bytes as u64,
        dynvarsize: if dynamic { dynvarsize } else { 0 },
        spec_bytes: if programs().any(uses_speculation) { u64::from(nspec).saturating_mul(specsize) } else { 0 },
    };
    let (asked, allowed) = (request.total(), budget::allowed());
    if asked > allowed {
        let (asked, allowed) = (asked.div_ceil(1 << 20), allowed >> 20);
        return Err(refuse(args, ENOMEM, format_args!("bufsize, aggsize, dynvarsize and specsize need {asked} MiB on {ncpus} CPUs; {allowed} MiB allowed (half of free memory)")));
    }
    Ok(())
}

/// `aggsize`, defaulted and checked: the bytes of each CPU's aggregation
/// table, where a key that does not fit is an aggregation drop.
fn agg_size(args: &mut EnableArgs) -> core::result::Result<usize, Refusal> {
    if args.aggsize > MAX_AGGSIZE {
        let size = args.aggsize;
        return Err(refuse(args, EINVAL, format_args!("aggsize {size} is more than the largest allowed, {MAX_AGGSIZE}")));
    }
    Ok(if args.aggsize == 0 { AGG_BYTES_PER_CPU } else { args.aggsize as usize })
}

/// `nspec` and `specsize`, defaulted and checked.
fn spec_sizes(args: &mut EnableArgs) -> core::result::Result<(u32, u64), Refusal> {
    let nspec = if args.nspec == 0 { DEFAULT_NSPEC } else { args.nspec };
    let specsize = if args.specsize == 0 { DEFAULT_SPECSIZE } else { args.specsize };
    if nspec > MAX_NSPEC || specsize > MAX_SPECSIZE || u64::from(nspec) * specsize > MAX_SPEC_BYTES {
        return Err(refuse(args, EINVAL, format_args!("nspec {nspec} of specsize {specsize} is more than the largest allowed, {MAX_NSPEC} of at most {MAX_SPECSIZE}, {MAX_SPEC_BYTES} bytes in all")));
    }
    Ok((nspec, specsize))
}

/// The speculations, with buffers only for a session that calls
/// `speculation()`.
fn speculations(args: &mut EnableArgs, clauses: &[Clause], (nspec, specsize): (u32, u64), ncpus: usize) -> core::result::Result<Speculations, Refusal> {
    let used = clauses.iter().any(|c| uses_speculation(&c.actions) || c.predicate.as_ref().is_some_and(uses_speculation));
    Speculations::new(nspec as usize, specsize as usize, ncpus, used).map_err(|_| {
        let kib = specsize >> 10;
        refuse(args, ENOMEM, format_args!("cannot allocate {nspec} speculations of {kib} KiB for each of {ncpus} CPUs: lower nspec or specsize"))
    })
}

/// `strsize` and `dynvarsize`, defaulted and checked.
fn var_sizes(args: &mut EnableArgs) -> core::result::Result<(u32, u64), Refusal> {
    let strsize = if args.strsize == 0 { DEFAULT_STRSIZE } else { args.strsize };
    if strsize > limits::MAX_STRSIZE {
        let max = limits::MAX_STRSIZE;
        return Err(refuse(args, EINVAL, format_args!("strsize {strsize} is larger than the largest allowed, {max}")));
    }
    let dynvarsize = if args.dynvarsize == 0 { DEFAULT_DYNVARSIZE } else { args.dynvarsize };
    if dynvarsize > MAX_DYNVARSIZE {
        return Err(refuse(args, EINVAL, format_args!("dynvarsize {dynvarsize} is larger than the largest allowed, {MAX_DYNVARSIZE}")));
    }
    Ok((strsize, dynvarsize))
}

/// A tick or profile probe: a period DTrace would allow, and a name.
fn check_timed(args: &mut EnableArgs, index: u32, p: &ProbeSpec) -> core::result::Result<(), Refusal> {
    if p.addr < MIN_TIMER_PERIOD_NS {
        let us = MIN_TIMER_PERIOD_NS / 1000;
        return Err(refuse(args, EINVAL, format_args!("probe {index}: a period of {} ns is below the minimum of {us} us", p.addr)));
    }
    if crate::abi::until_nul(&p.function).is_empty() {
        return Err(refuse(args, EINVAL, format_args!("probe {index}: a timed probe needs its name")));
    }
    args.error_probe = u32::MAX;
    Ok(())
}

/// A tracepoint probe: a tracepoint vmlinux has, and an argument count
/// its prototype can have.
fn check_tracepoint(args: &mut EnableArgs, index: u32, p: &ProbeSpec) -> core::result::Result<(), Refusal> {
    let name = core::str::from_utf8(crate::abi::until_nul(&p.function)).unwrap_or("?");
    if p.addr > MAX_TP_PROTO_ARGS {
        return Err(refuse(args, EINVAL, format_args!("probe {index}: tracepoint `{name}` cannot have {} arguments", p.addr)));
    }
    if !tracepoints::exists(&p.function) {
        return Err(refuse(args, ENOENT, format_args!("probe {index}: the kernel has no tracepoint `{name}`")));
    }
    args.error_probe = u32::MAX;
    Ok(())
}

/// Adds a target to the tracepoint probe with the ID of `p`: clauses on
/// one probe share its registration and fire in ENABLE order.
fn add_tracepoint(tps: &mut KVec<TracepointProbe>, p: &ProbeSpec, t: Target) -> core::result::Result<(), Option<Error>> {
    let at = match tps.iter().position(|q| q.id == p.id) {
        Some(at) => at,
        None => {
            let probe = TracepointProbe { id: p.id, name: p.function, nargs: p.addr as u32, targets: KVec::new() };
            tps.push(probe, GFP_KERNEL).map_err(|_| Some(ENOMEM))?;
            tps.len() - 1
        }
    };
    let probe = &mut tps[at];
    // One ID is one probe: its tracepoint cannot differ.
    if probe.name != p.function || u64::from(probe.nargs) != p.addr {
        return Err(None);
    }
    probe.targets.push(t, GFP_KERNEL).map_err(|_| Some(ENOMEM))
}

/// The most arguments a tracepoint's `TP_PROTO` can have (`__DECLARE_TRACE`
/// takes at most 12).
const MAX_TP_PROTO_ARGS: u64 = 12;

/// Adds a target to the timed probe with the ID of `p`: clauses on one
/// probe share its timer and fire in ENABLE order.
fn add_timed(timed: &mut KVec<TimedProbe>, p: &ProbeSpec, t: Target) -> core::result::Result<(), Option<Error>> {
    let at = match timed.iter().position(|q| q.id == p.id) {
        Some(at) => at,
        None => {
            let probe = TimedProbe { id: p.id, kind: p.kind, period_ns: p.addr, targets: KVec::new() };
            timed.push(probe, GFP_KERNEL).map_err(|_| Some(ENOMEM))?;
            timed.len() - 1
        }
    };
    let probe = &mut timed[at];
    // One ID is one probe: its kind and period cannot differ.
    if probe.kind != p.kind || probe.period_ns != p.addr {
        return Err(None);
    }
    probe.targets.push(t, GFP_KERNEL).map_err(|_| Some(ENOMEM))
}

fn possible_cpus() -> usize {
    // SAFETY: no preconditions.
    unsafe { bindings::rdtrace_shim_nr_cpu_ids() as usize }
}

/// Builds the plan for an ENABLE whose arguments are `args`, its clauses,
/// probes and programs read from `source`.
pub(crate) fn plan(args: &mut EnableArgs, source: &mut impl Source) -> core::result::Result<Plan, Refusal> {
    args.error_probe = u32::MAX;
    if args.nclauses == 0 || args.nclauses > MAX_CLAUSES || args.nprobes > MAX_PROBES {
        return Err(refuse(args, EINVAL, format_args!("too many or no clauses or probes")));
    }
    if !(MIN_BUFSIZE..=MAX_BUFSIZE).contains(&args.bufsize) || args.bufpolicy > BUFPOLICY_RING {
        let (size, policy) = (args.bufsize, args.bufpolicy);
        return Err(refuse(args, EINVAL, format_args!("bufsize {size} must be {MIN_BUFSIZE} to {MAX_BUFSIZE}, bufpolicy {policy} switch, fill or ring")));
    }
    // SAFETY: checks the current task's credentials; no preconditions.
    if args.flags & ENABLE_DESTRUCTIVE != 0 && !unsafe { crate::bindings::rdtrace_shim_sysadmin_capable() } {
        return Err(refuse(args, EPERM, format_args!("destructive actions (-w) need CAP_SYS_ADMIN")));
    }
    let nomem = |args: &mut EnableArgs| refuse(args, ENOMEM, format_args!("out of memory"));
    let (strsize, dynvarsize) = var_sizes(args)?;
    let spec_sizes = spec_sizes(args)?;
    let aggsize = agg_size(args)?;

    let mut clauses = KVec::new();
    for i in 0..args.nclauses {
        let spec = source.next_clause().map_err(|e| refuse(args, e, format_args!("cannot read the clauses")))?;
        let c = clause(args, source, i, &spec, strsize)?;
        clauses.push(c, GFP_KERNEL).map_err(|_| nomem(args))?;
    }
    check_programs(args, &clauses)?;

    let mut probes = source.probes(args.nprobes).map_err(|e| match e {
        ENOMEM => nomem(args),
        e => refuse(args, e, format_args!("cannot read the probes")),
    })?;
    // Sized for the common case, every probe an entry.
    let mut entry = KVVec::with_capacity(probes.len(), GFP_KERNEL).map_err(|_| nomem(args))?;
    let mut ret = KVVec::new();
    let (mut begin, mut end, mut error, mut timed) = (KVec::new(), KVec::new(), KVec::new(), KVec::new());
    let mut tracepoints = KVec::new();
    let mut kprobes = KVec::new();
    let mut uprobes = KVec::new();
    // Return sites by whether their probe may be called (CalledReturns).
    let (mut flagged, mut unflagged) = (KVVec::new(), KVVec::new());
    let mut verified = VerifiedNames::take();
    for (i, p) in (0..args.nprobes).zip(probes.iter_mut()) {
        let register_args = p.kind & PROBE_REGISTER_ARGS != 0;
        p.kind &= !PROBE_REGISTER_ARGS;
        if register_args && p.kind != PROBE_RETURN {
            args.error_probe = i;
            return Err(refuse(args, EINVAL, format_args!("probe {i}: only an fbt return probe has register arguments")));
        }
        check_probe(args, i, p, &mut verified)?;
        if matches!(p.kind, PROBE_RETURN | PROBE_SYSCALL_RETURN) {
            let sites = if register_args { &mut flagged } else { &mut unflagged };
            sites.push(p.addr, GFP_KERNEL).map_err(|_| nomem(args))?;
        }
        // A syscall probe's arguments are read after the gate would run.
        let syscall = matches!(p.kind, PROBE_SYSCALL_ENTRY | PROBE_SYSCALL_RETURN);
        let clause = clauses.get(p.clause as usize);
        let gated = !syscall && clause.is_some_and(|c: &Clause| c.gate.is_some());
        let hook_record = !syscall && clause.is_some_and(|c: &Clause| c.hook_record);
        let t = Target { probe: i, clause: p.clause, gated, hook_record };
        let pushed = match p.kind {
            PROBE_ENTRY | PROBE_SYSCALL_ENTRY => entry.push((p.addr, t), GFP_KERNEL),
            PROBE_RETURN | PROBE_SYSCALL_RETURN => ret.push((p.addr, t), GFP_KERNEL),
            PROBE_BEGIN => begin.push(t, GFP_KERNEL),
            PROBE_END => end.push(t, GFP_KERNEL),
            PROBE_ERROR => error.push(t, GFP_KERNEL),
            PROBE_TRACEPOINT => match add_tracepoint(&mut tracepoints, p, t) {
                Ok(()) => Ok(()),
                Err(None) => {
                    let id = p.id;
                    return Err(refuse(args, EINVAL, format_args!("probe {i}: probe ID {id} given two tracepoints")));
                }
                Err(Some(_)) => return Err(nomem(args)),
            },
            PROBE_KPROBE | PROBE_KRETPROBE => match add_site(&mut kprobes, p, i, t) {
                Ok(()) => Ok(()),
                Err(None) => {
                    let id = p.id;
                    return Err(refuse(args, EINVAL, format_args!("probe {i}: probe ID {id} given two kinds or places")));
                }
                Err(Some(_)) => return Err(nomem(args)),
            },
            PROBE_UPROBE | PROBE_URETPROBE => match crate::uprobes::add_site(&mut uprobes, p, i, t) {
                Ok(()) => Ok(()),
                Err(None) => {
                    let id = p.id;
                    return Err(refuse(args, EINVAL, format_args!("probe {i}: probe ID {id} given two kinds or processes at one address")));
                }
                Err(Some(_)) => return Err(nomem(args)),
            },
            _ => match add_timed(&mut timed, p, t) {
                Ok(()) => Ok(()),
                Err(None) => {
                    let id = p.id;
                    return Err(refuse(args, EINVAL, format_args!("probe {i}: probe ID {id} given two kinds or periods")));
                }
                Err(Some(_)) => return Err(nomem(args)),
            },
        };
        pushed.map_err(|_| nomem(args))?;
    }
    if args.nusdt > MAX_PROBES {
        let n = args.nusdt;
        return Err(refuse(args, EINVAL, format_args!("{n} USDT probes: more than {MAX_PROBES}")));
    }
    for _ in 0..args.nusdt {
        let u = source.next_usdt().map_err(|e| refuse(args, e, format_args!("cannot read the USDT probes")))?;
        if let Err(why) = crate::uprobes::add_usdt(&mut uprobes, &u) {
            let id = u.id;
            return Err(refuse(args, EINVAL, format_args!("USDT probe ID {id}: {why}")));
        }
    }
    heapsort::sort_by_key(entry.as_mut_slice(), |&(a, t)| (a, t.probe));
    heapsort::sort_by_key(ret.as_mut_slice(), |&(a, t)| (a, t.probe));
    let entry = ProbeTable::build(&entry).map_err(|_| nomem(args))?;
    let ret = ProbeTable::build(&ret).map_err(|_| nomem(args))?;
    let called = CalledReturns::build(flagged, unflagged).map_err(|_| nomem(args))?;

    let ncpus = possible_cpus();
    // Aggregation tables only for a session that aggregates.
    let aggregates = clauses.iter().any(|c| c.actions.verified().header().agg_count > 0);
    let agg_bytes = if aggregates { aggsize } else { 0 };
    check_budget(args, &clauses, agg_bytes, dynvarsize, spec_sizes, ncpus)?;
    // Notes of fixed-key entries for the first EPIDs (a probe past them
    // takes the general path): 8 bytes per EPID and CPU, at most 128 KiB.
    let fixed_keys = aggregates && clauses.iter().any(|c| c.fixed.is_some());
    let agg_epids = if fixed_keys {
        probes.len().min(MAX_FIXED_EPIDS)
    } else {
        0
    };
    let mut cpus = KVec::with_capacity(ncpus, GFP_KERNEL).map_err(|_| nomem(args))?;
    for cpu in 0..ncpus {
        let state = CpuState::new(cpu, args.bufsize as usize, args.bufpolicy, strsize as usize, agg_bytes, agg_epids).map_err(|_| {
            let mib = args.bufsize >> 20;
            let agg_kib = agg_bytes >> 10;
            refuse(args, ENOMEM, format_args!("cannot allocate {mib} MiB of buffer and {agg_kib} KiB of aggregations for each of {ncpus} CPUs: lower bufsize or aggsize"))
        })?;
        cpus.push(state, GFP_KERNEL).map_err(|_| nomem(args))?;
    }
    let vars = session_vars(args, &clauses, strsize, dynvarsize, ncpus)?;
    let specs = speculations(args, &clauses, spec_sizes, ncpus)?;
    let shared_entry = args.flags & ENABLE_SHARED_ENTRY != 0;
    let record_time = args.flags & ENABLE_NO_RECORD_TIME == 0;
    let overwrites = args.bufpolicy == BUFPOLICY_RING;
    Ok(Plan { clauses, probes, entry, ret, called, begin, end, error, timed, tracepoints, kprobes, uprobes, cpus, vars, specs, shared_entry, record_time, overwrites, fixed_keys })
}
