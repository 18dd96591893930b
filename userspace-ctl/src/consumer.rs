//! The consumer: ENABLE clauses on their probes, GO, drain every CPU's
//! buffer at the switch rate and print, STOP when told (exit(), Ctrl-C,
//! the traced command ending), drain again and report drops and errors.

use crate::agg_print::view::AggView;
use crate::agg_print::Merged;
use crate::compiler::ir::{AggAction, Aggregation, Command};
use crate::device::{Device, Woken};
use crate::error::{Error, Result};
use crate::folded::StackOutput;
use crate::output::event::{EndKind, ErrorEvent, Event, Part, Printout, Summary};
use crate::output::{status, Sink};
use crate::probes::Probe;
use crate::records::{decode_into, Item, Record};
use rdtrace_uapi::aggs::AGG_BYTES_PER_CPU;
use rdtrace_uapi::trace::*;
use std::collections::BTreeMap;
use std::io;
use std::time::Duration;

/// One clause ready for the kernel.
#[derive(Clone, Debug, Default)]
pub struct ClausePlan {
    /// The predicate program, if any.
    pub predicate: Option<Vec<u8>>,
    /// The actions program.
    pub actions: Vec<u8>,
    /// printf formats by format id.
    pub formats: std::collections::HashMap<u32, crate::compiler::Format>,
    /// The probes it fires on.
    pub probes: Vec<Probe>,
    /// Where in the script each instruction came from, to point a
    /// fault at it.
    pub sites: FaultSites,
    /// The format ids that are commands (`system()`, `freopen()`, ...),
    /// carried out rather than shown.
    pub commands: std::collections::HashMap<u32, Command>,
    /// A firing that recorded nothing shows nothing (see
    /// `compiler::Clause::shows_firing`).
    pub silent: bool,
    /// The format ids that are aggregation actions (printa, clear, ...).
    pub agg_actions: std::collections::HashMap<u32, AggAction>,
}

/// Each instruction's `file:line:column`, for the predicate program and
/// the actions program (empty where unknown).
#[derive(Clone, Debug, Default)]
pub struct FaultSites {
    /// By predicate instruction.
    pub predicate: Vec<String>,
    /// By actions instruction.
    pub actions: Vec<String>,
}

/// Consumer options (dtrace's `-x` names).
#[derive(Clone, Debug)]
pub struct Options {
    /// Principal buffer bytes per CPU.
    pub bufsize: u64,
    /// `BUFPOLICY_*`.
    pub bufpolicy: u32,
    /// How often buffers are drained.
    pub switchrate: Duration,
    /// How long the consumer may stay silent before the kernel stops the
    /// probes (0: the kernel's default).
    pub deadman: Duration,
    /// Dynamic-variable bytes (`dynvarsize`).
    pub dynvarsize: u64,
    /// The largest string (`strsize`).
    pub strsize: u32,
    /// `ENABLE_*` flags (`ENABLE_DESTRUCTIVE` for `-w`).
    pub flags: u32,
    /// Speculations (`nspec`).
    pub nspec: u32,
    /// Bytes of each speculation's buffer per CPU (`specsize`).
    pub specsize: u64,
    /// kretprobe instances per probe (`maxactive`); 0 the kernel's default.
    pub maxactive: u64,
    /// Bytes of each CPU's aggregation table (`aggsize`); 0 for
    /// [`AGG_BYTES_PER_CPU`].
    pub aggsize: u32,
    /// fbt returns of functions with register arguments may be seen from
    /// rdtrace's own trampoline (off: `nocallreturn`, all through fprobe).
    pub callreturn: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            bufsize: 4 << 20,
            bufpolicy: BUFPOLICY_SWITCH,
            switchrate: Duration::from_millis(100),
            deadman: Duration::ZERO,
            dynvarsize: DEFAULT_DYNVARSIZE,
            strsize: DEFAULT_STRSIZE,
            flags: 0,
            nspec: DEFAULT_NSPEC,
            specsize: DEFAULT_SPECSIZE,
            maxactive: 0,
            aggsize: 0,
            callreturn: true,
        }
    }
}

/// Why tracing ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// A clause called `exit(status)`.
    Exit(u64),
    /// The caller asked to stop (Ctrl-C, the traced command ended).
    Stopped,
    /// The kernel's deadman stopped the probes: the consumer was silent.
    Deadman,
}

impl Ending {
    /// The exit status rdtrace gives, as dtrace does: `exit(n)`'s n.
    pub fn exit_code(self) -> std::process::ExitCode {
        match self {
            Ending::Exit(status) => std::process::ExitCode::from(status as u8),
            Ending::Stopped => std::process::ExitCode::SUCCESS,
            Ending::Deadman => std::process::ExitCode::FAILURE,
        }
    }
}

/// A flag SIGINT and SIGTERM set, for the drain loop to stop on.
pub fn interrupt_flag() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(sig, std::sync::Arc::clone(&flag));
    }
    flag
}

/// What the kernel refused in an ENABLE, in words.
fn enable_error(args: &EnableArgs, specs: &[ProbeSpec], source: io::Error) -> Error {
    let msg = String::from_utf8_lossy(rdtrace_uapi::until_nul(&args.message));
    if args.error_code != 0 {
        return Error::Rejected(format!(
            "kernel rejected the program of clause {}: {msg} [error {}]",
            args.error_clause + 1,
            args.error_code
        ));
    }
    if let Some(spec) = specs.get(args.error_probe as usize) {
        let name = String::from_utf8_lossy(&spec.function)
            .trim_end_matches('\0')
            .to_string();
        if matches!(spec.kind, PROBE_KPROBE | PROBE_KRETPROBE) {
            return Error::Usage(format!("{}: {msg}", kprobe_spelling(spec)));
        }
        if spec.pid != 0 {
            let probe = crate::output::probe::full_name(spec);
            return Error::Usage(format!("{probe}: {msg}"));
        }
        return Error::Usage(format!("kernel refused probe {name}: {msg}"));
    }
    if msg.is_empty() {
        Error::Io {
            what: "ENABLE".into(),
            source,
        }
    } else {
        Error::Usage(format!("kernel refused the enabling: {msg}"))
    }
}

/// A kprobe as bpftrace writes it (see [`crate::kprobe_names::spelling`]).
fn kprobe_spelling(spec: &ProbeSpec) -> String {
    let module = String::from_utf8_lossy(rdtrace_uapi::until_nul(&spec.module));
    let function = String::from_utf8_lossy(rdtrace_uapi::until_nul(&spec.function));
    crate::kprobe_names::spelling(spec.kind, &module, &function, spec.addr)
}

/// Fills the zeroed `s` with `p` as the consumer shows it: a stable
/// provider's under its own names ([`crate::output::probe::SHOWN_STABLE`]),
/// any other as enabled.
fn fill_shown_spec(s: &mut ProbeSpec, p: &Probe, clause: u32, maxactive: u64) {
    fill_probe_spec(s, p, clause, maxactive);
    let Some(i) = crate::compiler::stable::PROVIDERS
        .iter()
        .position(|&v| v == p.provider)
    else {
        return;
    };
    s.kind = crate::output::probe::SHOWN_STABLE + i as u32;
    s.module = [0; rdtrace_uapi::trace::MODULE_LEN];
    s.function = [0; rdtrace_uapi::trace::FUNCTION_LEN];
    copy_name(&mut s.module, &p.module);
    copy_name(&mut s.function, &p.name);
}

fn copy_name(dst: &mut [u8], src: &str) {
    let n = src.len().min(dst.len() - 1);
    dst[..n].copy_from_slice(&src.as_bytes()[..n]);
}

/// Fills the zeroed `s` with `p` as ENABLE takes it. In place: a spec
/// built and then moved into its array copied 208 bytes more each, ~24,000
/// times for `fbt:::entry`.
fn fill_probe_spec(s: &mut ProbeSpec, p: &Probe, clause: u32, maxactive: u64) {
    // A kretprobe's address field is its maxactive.
    s.addr = if p.kind == PROBE_KRETPROBE {
        maxactive
    } else {
        p.addr
    };
    s.kind = p.kind;
    s.clause = clause;
    s.id = p.id;
    if let Some((module, function)) = p.under.as_deref() {
        // A stable provider's probe is enabled as the one it fires on.
        copy_name(&mut s.module, module);
        copy_name(&mut s.function, function);
        return;
    }
    copy_name(&mut s.module, &p.module);
    // Only a uprobe (a pid or USDT probe) has a process: the look-ups,
    // a lock and a string hash each, are not paid by ~50,000 fbt probes.
    let user = matches!(p.kind, PROBE_UPROBE | PROBE_URETPROBE);
    let pid = user
        .then(|| {
            crate::pid_probes::pid_of(p.provider).or_else(|| crate::usdt_probes::pid_of(p.provider))
        })
        .flatten();
    if let Some(pid) = pid {
        // A pid probe's name (an offset) follows its function's NUL, a
        // USDT probe's provider its name's.
        s.pid = pid;
        let usdt = match crate::usdt_probes::pid_of(p.provider) {
            Some(_) => p.provider,
            None => "",
        };
        copy_name(
            &mut s.function,
            &format!("{}\0{}\0{usdt}", p.function, p.name),
        );
        return;
    }
    // Tick and profile probes have no function: their name goes there.
    if function_field_is_function(p.kind) {
        copy_name(&mut s.function, &p.function);
    } else {
        copy_name(&mut s.function, &p.name);
    }
}

/// Every clause's probes as the kernel takes them: entry `i` is EPID `i + 1`.
pub fn probe_specs(plans: &[ClausePlan], maxactive: u64) -> Vec<ProbeSpec> {
    specs_by(plans, maxactive, fill_probe_spec)
}

/// Every clause's probes as ENABLE takes them, fbt returns marked for the
/// call-return path where `files` allow it and `opts` want it.
pub fn kernel_specs(
    plans: &[ClausePlan],
    opts: &Options,
    files: &mut crate::call_return::BtfFiles,
) -> Vec<ProbeSpec> {
    let mut specs = probe_specs(plans, opts.maxactive);
    if opts.callreturn {
        crate::call_return::mark(&mut specs, files);
    }
    specs
}

/// Turns ENABLE's `specs` (from [`kernel_specs`]) into those shown
/// ([`shown_specs`]) in place: the flag of the call-return path off, a
/// stable provider's probe under its own names. With every function
/// probed, a second array built afresh was a tenth of the start under TCG.
pub fn show_as_enabled(specs: &mut [ProbeSpec], plans: &[ClausePlan], maxactive: u64) {
    let probes = plans
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.probes.iter().map(move |p| (i as u32, p)));
    for (s, (clause, p)) in specs.iter_mut().zip(probes) {
        if crate::compiler::stable::PROVIDERS.contains(&p.provider) {
            *s = ProbeSpec::default();
            fill_shown_spec(s, p, clause, maxactive);
        } else {
            crate::call_return::unmark(s);
        }
    }
}

/// Every clause's probes as they are shown, by EPID.
pub fn shown_specs(plans: &[ClausePlan], maxactive: u64) -> Vec<ProbeSpec> {
    specs_by(plans, maxactive, fill_shown_spec)
}

fn specs_by(
    plans: &[ClausePlan],
    maxactive: u64,
    fill: impl Fn(&mut ProbeSpec, &Probe, u32, u64),
) -> Vec<ProbeSpec> {
    // Zeroed whole first, then filled in place: growing by doubling copied
    // ~5 MB of specs for `fbt:::entry`.
    let mut specs = vec![ProbeSpec::default(); plans.iter().map(|c| c.probes.len()).sum()];
    let mut at = 0;
    for (i, c) in plans.iter().enumerate() {
        for (s, p) in specs[at..].iter_mut().zip(&c.probes) {
            fill(s, p, i as u32, maxactive);
        }
        at += c.probes.len();
    }
    specs
}

/// Where in the script a fault happened: the faulting instruction's
/// source, through the compiler's map (action 0 is the predicate).
pub fn fault_location(
    specs: &[ProbeSpec],
    plans: &[ClausePlan],
    epid: u32,
    action: u8,
    insn: u32,
) -> Option<String> {
    let spec = specs.get(epid.wrapping_sub(1) as usize)?;
    let sites = &plans.get(spec.clause as usize)?.sites;
    let by_insn = if action == 0 {
        &sites.predicate
    } else {
        &sites.actions
    };
    by_insn.get(insn as usize).cloned()
}

/// ENABLE's options (no clauses or probes yet).
pub fn enable_options(opts: &Options) -> EnableArgs {
    EnableArgs {
        bufsize: opts.bufsize,
        bufpolicy: opts.bufpolicy,
        deadman_ms: u32::try_from(opts.deadman.as_millis()).unwrap_or(u32::MAX),
        dynvarsize: opts.dynvarsize,
        strsize: opts.strsize,
        flags: opts.flags,
        nspec: opts.nspec,
        specsize: opts.specsize,
        aggsize: opts.aggsize,
        ..EnableArgs::default()
    }
}

/// Records' room kept per CPU from one drain to the next (3 MiB).
const KEPT_RECORDS: usize = 1 << 16;

/// An enabled tracing session on a device.
pub struct Session<'d> {
    dev: &'d Device,
    specs: Vec<ProbeSpec>,
    plans: Vec<ClausePlan>,
    /// The EPIDs of BEGIN's and of END's clauses (see [`Session::print_order`]).
    begin_epids: Vec<u32>,
    end_epids: Vec<u32>,
    /// By EPID - 1: whether a bare record (no items) of that EPID, where
    /// bare firings are not shown (`-q`), is only counted: not BEGIN's or
    /// END's (their records order the CPUs) nor a silent clause's.
    bare_counted: Vec<bool>,
    /// Each CPU's records of a drain; kept, emptied, for the next.
    per_cpu: Vec<Vec<Record>>,
    ncpus: u32,
    bufsize: u64,
    buf: Vec<u8>,
    /// Bytes of each CPU's aggregation table: what a snapshot reads.
    aggsize: usize,
    /// Faults printed, per CPU: STATUS counts them all, and only those
    /// whose record was lost still need saying.
    faults_reported: Vec<u64>,
    /// Whether BEGIN's records were printed (see [`Session::print_order`]).
    begun: bool,
    /// The script's aggregations, printed at the end.
    aggs: Vec<Aggregation>,
    /// Folded stacks or a flame graph of the stack aggregations.
    stack_output: StackOutput,
    /// What printa, clear, trunc and normalize did to them.
    view: AggView,
    /// Firings shown, for the summary.
    firings: u64,
    /// Already running: an anonymous session claimed (no GO).
    running: bool,
    /// A descriptor whose readability also ends a wait (the `-c`
    /// command's pidfd: its exit is seen at once, not at the next
    /// switchrate tick).
    wake: Option<std::os::fd::RawFd>,
}

/// Bytes of each CPU's aggregation table for an `aggsize` of `aggsize`
/// (0: the kernel's default).
fn agg_table_bytes(aggsize: u32) -> usize {
    match aggsize {
        0 => AGG_BYTES_PER_CPU,
        n => n as usize,
    }
}

impl<'d> Session<'d> {
    /// Verifies and enables every clause (nothing fires until [`Session::go`]).
    pub fn enable(dev: &'d Device, plans: Vec<ClausePlan>, opts: &Options) -> Result<Session<'d>> {
        let clauses: Vec<ClauseSpec> = plans
            .iter()
            .map(|c| ClauseSpec {
                predicate: c.predicate.as_ref().map_or(0, |p| p.as_ptr() as u64),
                predicate_len: c.predicate.as_ref().map_or(0, |p| p.len() as u32),
                actions: c.actions.as_ptr() as u64,
                actions_len: c.actions.len() as u32,
            })
            .collect();
        let mut specs = kernel_specs(&plans, opts, &mut crate::call_return::BtfFiles::system());
        let usdt = crate::usdt_probes::specs(&plans);
        let mut args = EnableArgs {
            clauses: clauses.as_ptr() as u64,
            probes: specs.as_ptr() as u64,
            nclauses: clauses.len() as u32,
            nprobes: specs.len() as u32,
            usdt: if usdt.is_empty() {
                0
            } else {
                usdt.as_ptr() as u64
            },
            nusdt: usdt.len() as u32,
            ..enable_options(opts)
        };
        let enabled = dev.enable(&mut args);
        show_as_enabled(&mut specs, &plans, opts.maxactive);
        enabled.map_err(|e| enable_error(&args, &specs, e))?;
        Ok(Session::new(
            dev,
            specs,
            plans,
            opts.bufsize,
            agg_table_bytes(opts.aggsize),
        ))
    }

    /// The anonymous session the device claimed (`rdtrace -a`), already
    /// running, printed with its enabling's probes and metadata.
    pub fn claimed(
        dev: &'d Device,
        decoded: &crate::enabling_file::Decoded,
        bufsize: u64,
    ) -> Result<Session<'d>> {
        let mut session = Session::new(
            dev,
            decoded.specs.clone(),
            decoded.meta.plans(),
            bufsize,
            agg_table_bytes(decoded.aggsize),
        );
        session.view.sort = decoded.meta.aggs.sort;
        session.aggs = decoded.meta.aggregations()?;
        session.running = true;
        Ok(session)
    }

    /// A session of `specs` (by EPID) and `plans` (by clause), not running.
    fn new(
        dev: &'d Device,
        specs: Vec<ProbeSpec>,
        plans: Vec<ClausePlan>,
        bufsize: u64,
        aggsize: usize,
    ) -> Session<'d> {
        let ncpus = dev.info().possible_cpus.min(STATUS_CPUS as u32);
        let epids_of = |kind: u32| -> Vec<u32> {
            (1..)
                .zip(&specs)
                .filter(|(_, s)| s.kind == kind)
                .map(|(epid, _)| epid)
                .collect()
        };
        let bare_counted = specs
            .iter()
            .map(|s| {
                !matches!(s.kind, PROBE_BEGIN | PROBE_END)
                    && !plans.get(s.clause as usize).is_some_and(|p| p.silent)
            })
            .collect();
        Session {
            dev,
            bare_counted,
            begin_epids: epids_of(PROBE_BEGIN),
            end_epids: epids_of(PROBE_END),
            per_cpu: Vec::new(),
            specs,
            plans,
            ncpus,
            bufsize,
            // A READ takes what fits: a buffer's worth (up to 16 MiB) in
            // one call and one copy, with no walk over its records.
            buf: vec![0; (bufsize as usize).clamp(1 << 20, 1 << 24)],
            aggsize,
            faults_reported: vec![0; ncpus as usize],
            begun: false,
            aggs: Vec::new(),
            stack_output: StackOutput::default(),
            view: AggView::default(),
            firings: 0,
            running: false,
            wake: None,
        }
    }

    /// Ends each wait also when `fd` becomes readable; it must stay open
    /// while the session runs.
    pub fn set_wake_fd(&mut self, fd: Option<std::os::fd::RawFd>) {
        self.wake = fd;
    }

    /// The script's aggregations, printed when tracing ends.
    pub fn set_aggregations(&mut self, aggs: Vec<Aggregation>) {
        self.aggs = aggs;
    }

    /// Folded stacks or a flame graph at the end (see [`StackOutput`]).
    pub fn set_stack_output(&mut self, stack_output: StackOutput) {
        self.stack_output = stack_output;
    }

    /// How aggregations are sorted when printed (until a setopt()).
    pub fn set_agg_sort(&mut self, sort: crate::agg_print::view::SortOpts) {
        self.view.sort = sort;
    }

    /// Every CPU's aggregations, merged and printed as dtrace does at exit.
    fn print_aggregations(&self, out: &mut dyn Sink) -> Result<()> {
        if self.aggs.is_empty() {
            return Ok(());
        }
        let merged = self.snapshot()?;
        let printouts = match self.stack_output.finish(&merged, &self.aggs)? {
            Some(text) => vec![Printout {
                aggs: Vec::new(),
                rows: Vec::new(),
                text,
            }],
            None => self.view.at_exit(&merged, &self.aggs),
        };
        out.event(&Event::Aggregations(printouts))
    }

    /// Carries out a record's aggregation actions; returns what each
    /// printa printed, by its item's index.
    fn agg_actions(&mut self, rec: &Record) -> Result<BTreeMap<usize, Printout>> {
        let Some(plan) = self
            .specs
            .get(rec.epid.wrapping_sub(1) as usize)
            .and_then(|s| self.plans.get(s.clause as usize))
        else {
            return Ok(BTreeMap::new());
        };
        let acts = crate::agg_print::actions::of_record(plan, rec);
        if acts.is_empty() {
            return Ok(BTreeMap::new());
        }
        let merged = self.snapshot()?;
        crate::agg_print::actions::apply(&mut self.view, &self.aggs, acts, || Ok(merged))
    }

    /// Every CPU's aggregations, merged.
    fn snapshot(&self) -> Result<Merged> {
        let mut merged = Merged::default();
        let mut buf = vec![0u8; self.aggsize];
        for cpu in 0..self.ncpus {
            let n = self
                .dev
                .agg_snapshot(cpu, &mut buf)
                .map_err(|source| Error::Io {
                    what: "AGGSNAP".into(),
                    source,
                })?;
            merged.add_snapshot(buf.get(..n).unwrap_or(&[]));
        }
        Ok(merged)
    }

    /// Starts firing (BEGIN first).
    pub fn go(&self) -> Result<()> {
        self.dev.go().map_err(|source| Error::Io {
            what: "GO (attaching the probes)".into(),
            source,
        })
    }

    /// Stops firing (END fires).
    pub fn stop(&self) -> Result<()> {
        self.dev.stop().map_err(|source| Error::Io {
            what: "STOP".into(),
            source,
        })
    }

    /// The kernel's state and counters.
    pub fn status(&self) -> Result<StatusArgs> {
        self.dev.status().map_err(|source| Error::Io {
            what: "STATUS".into(),
            source,
        })
    }

    /// Reads and prints every CPU's pending records; returns the exit
    /// status if a clause called `exit()`. Each CPU is read for at most one
    /// buffer's worth: printing may itself fire probes (the consumer traces
    /// its own writes too), and chasing those would never end.
    pub fn drain(&mut self, out: &mut dyn Sink) -> Result<Option<u64>> {
        // The vectors of the last drain, emptied: their room is kept, so a
        // busy session does not grow (and fault in) a new one per drain.
        let mut per_cpu = std::mem::take(&mut self.per_cpu);
        per_cpu.resize_with(self.ncpus as usize, Vec::new);
        let printed = self.drain_into(&mut per_cpu, out);
        for records in &mut per_cpu {
            records.clear();
            // A burst's room is not kept for the whole session.
            records.shrink_to(KEPT_RECORDS);
        }
        self.per_cpu = per_cpu;
        printed
    }

    fn drain_into(
        &mut self,
        per_cpu: &mut [Vec<Record>],
        out: &mut dyn Sink,
    ) -> Result<Option<u64>> {
        let bare_shown = out.shows_bare_firings();
        for (cpu, records) in per_cpu.iter_mut().enumerate() {
            self.read_cpu(cpu as u32, records, bare_shown)?;
        }
        let mut exit = None;
        for cpu in self.print_order(per_cpu) {
            let recs = &per_cpu[cpu];
            for (i, rec) in recs.iter().enumerate() {
                exit = exit.or(self.print(rec, recs.get(i + 1), out)?);
            }
        }
        Ok(exit)
    }

    /// The order to print CPUs' records in, as DTrace's consumer has it:
    /// the CPU that ran BEGIN first, the first time (`dt_consume_begin`),
    /// the one that ran END last (`dt_endedon`), the others by number. So
    /// BEGIN's output comes before any other probe's and END's after.
    fn print_order(&mut self, per_cpu: &[Vec<Record>]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..per_cpu.len()).collect();
        // Most sessions' records are neither: one look at the EPIDs.
        let (begin, end) = (&self.begin_epids, &self.end_epids);
        if begin.is_empty() && end.is_empty() {
            return order;
        }
        let holds = |epids: &[u32]| {
            per_cpu
                .iter()
                .position(|recs| recs.iter().any(|r| epids.contains(&r.epid)))
        };
        if !self.begun {
            if let Some(cpu) = holds(begin) {
                self.begun = true;
                order.retain(|&c| c != cpu);
                order.insert(0, cpu);
            }
        }
        if let Some(cpu) = holds(end) {
            order.retain(|&c| c != cpu);
            order.push(cpu);
        }
        order
    }

    /// Reads one CPU's pending records into `records`; bare firings that
    /// are not shown (`bare_shown` false) are only counted.
    fn read_cpu(&mut self, cpu: u32, records: &mut Vec<Record>, bare_shown: bool) -> Result<()> {
        let mut budget = self.bufsize;
        while budget > 0 {
            let n = self
                .dev
                .read(cpu, &mut self.buf)
                .map_err(|source| Error::Io {
                    what: format!("READ of CPU {cpu}"),
                    source,
                })?;
            if n == 0 {
                break;
            }
            budget = budget.saturating_sub(n as u64);
            // Room for the most records `n` bytes can hold (16 bytes the
            // least), reserved once rather than grown by doubling, up to
            // the room kept between drains: past it (a 16 MiB READ holds
            // a million), most are bare firings only counted, or growth
            // by doubling is cheap beside decoding them.
            records.reserve((n / record::HEADER).min(KEPT_RECORDS));
            let only_counted: &[bool] = match bare_shown {
                true => &[],
                false => &self.bare_counted,
            };
            self.firings += decode_into(&self.buf[..n], cpu, records, only_counted);
            // A READ that did not fill half the buffer found the ring all
            // but empty: what came in since is the next drain's. Reading
            // on would chase the records of our own READs when the ioctl
            // system call itself is traced (syscall:::entry).
            if n < self.buf.len() / 2 {
                break;
            }
        }
        Ok(())
    }

    fn print_fault(&mut self, rec: &Record, out: &mut dyn Sink) -> Result<()> {
        for e in crate::fault_events::events(rec, &self.specs, &self.plans) {
            if let Some(n) = self.faults_reported.get_mut(rec.cpu as usize) {
                *n += 1;
            }
            out.event(&e)?;
        }
        Ok(())
    }

    fn print(
        &mut self,
        rec: &Record,
        next: Option<&Record>,
        out: &mut dyn Sink,
    ) -> Result<Option<u64>> {
        let mut exit = None;
        if rec.epid == record::EPID_ERROR {
            self.print_fault(rec, out)?;
            return Ok(None);
        }
        // An empty clause's record (no items) skips the per-item work.
        let mut printed = match rec.items.is_empty() {
            true => BTreeMap::new(),
            false => self.agg_actions(rec)?,
        };
        let Some(spec) = self.specs.get(rec.epid.wrapping_sub(1) as usize) else {
            return Ok(None);
        };
        // Built only when wanted: its tables cost an allocation's drop a
        // record otherwise.
        let empty;
        let plan = match self.plans.get(spec.clause as usize) {
            Some(p) => p,
            None => {
                empty = ClausePlan::default();
                &empty
            }
        };
        if plan.silent && rec.items.is_empty() {
            return Ok(None);
        }
        // An empty clause under -q: nothing to show, no event to build.
        if rec.items.is_empty() && !out.shows_bare_firings() {
            self.firings += 1;
            return Ok(None);
        }
        let next =
            next.and_then(|n| Some((n.epid, self.specs.get(n.epid.wrapping_sub(1) as usize)?)));
        let command = |i: &Item| match i {
            Item::Printf { fmt, .. } => plan.commands.get(fmt).copied(),
            _ => None,
        };
        let is_command = |i: &Item| command(i).is_some();
        let in_place = |i: &Item| matches!(command(i), Some(Command::Freopen | Command::Ftruncate));
        // system() runs once the firing is shown. freopen() and ftruncate()
        // take effect where they stand, as in DTrace: the firing's data
        // before one are shown where the output was, the rest after it;
        // the probe's columns open the first part shown, and the last part
        // (empty, if nothing follows) closes the firing where the output
        // then goes.
        let mut any_shown = false;
        let mut start = 0;
        let mut parts = rec.items.iter().enumerate().filter(|(_, i)| in_place(i));
        loop {
            let reopen = parts.next();
            let end = reopen.map_or(rec.items.len(), |(n, _)| n);
            let data = crate::shown::data(&rec.items[start..end], start, plan, &mut printed);
            // A firing that only ran commands shows no line.
            let bare = reopen.is_none() && !any_shown && !rec.items.iter().any(is_command);
            let part = match (any_shown, reopen.is_some()) {
                (false, false) => Part::Whole,
                (false, true) => Part::First,
                (true, true) => Part::Middle,
                (true, false) => Part::Last,
            };
            if !data.is_empty() || bare || part == Part::Last {
                any_shown = true;
                out.event(&crate::shown::firing(rec, spec, data, next, part))?;
            }
            let Some((n, item)) = reopen else { break };
            crate::commands::run(item, plan, rec, spec, out)?;
            start = n + 1;
        }
        if any_shown {
            self.firings += 1;
        }
        if plan.commands.values().any(|&c| c == Command::System) {
            out.flush()?;
            for c in rec
                .items
                .iter()
                .filter(|&i| command(i) == Some(Command::System))
            {
                crate::commands::run(c, plan, rec, spec, out)?;
            }
        }
        for item in &rec.items {
            if let Item::Exit(status) = item {
                exit = Some(*status);
            }
        }
        Ok(exit)
    }

    /// Runs until `should_stop` says so or a clause exits; then stops,
    /// drains, and reports drops and errors on stderr.
    pub fn run(
        &mut self,
        opts: &Options,
        out: &mut dyn Sink,
        mut should_stop: impl FnMut() -> bool,
    ) -> Result<Ending> {
        if !self.running {
            self.go()?;
        }
        let mut ending = Ending::Stopped;
        // The first pass does not wait: what BEGIN printed is shown and
        // `should_stop` runs (releasing a `-c` command) as soon as the
        // probes are live, not a switchrate later.
        let mut first = true;
        loop {
            if !std::mem::take(&mut first) {
                // Sleep in poll until records wait (or the switch rate
                // passes, to look at the stop conditions), then batch for
                // a moment; not when the `-c` command's exit woke us: the
                // run ends now, and the final drain takes what came.
                let woken = self
                    .dev
                    .wait_either(opts.switchrate, self.wake)
                    .map_err(|source| Error::Io {
                        what: "poll".into(),
                        source,
                    })?;
                if woken == Woken::Records {
                    std::thread::sleep(opts.switchrate / 10);
                }
            }
            let drained = self.drain(out)?;
            // What one drain printed is shown now.
            out.flush()?;
            if let Some(status) = drained {
                ending = Ending::Exit(status);
                break;
            }
            if should_stop() {
                break;
            }
            if self.status()?.state == STATE_DEADMAN {
                out.event(&Event::Error(ErrorEvent::Deadman))?;
                ending = Ending::Deadman;
                break;
            }
        }
        self.stop()?;
        if let Some(status) = self.drain(out)? {
            ending = Ending::Exit(status);
        }
        // dtrace's closing newline; not after an abort.
        if matches!(ending, Ending::Deadman) {
            out.flush()?;
        } else {
            out.event(&Event::Stopped)?;
            self.print_aggregations(out)?;
        }
        self.report(out, ending)?;
        Ok(ending)
    }

    /// Reports drops, errors and missed returns, as dtrace does, then the
    /// summary.
    pub fn report(&self, out: &mut dyn Sink, ending: Ending) -> Result<()> {
        let st = self.status()?;
        let events = status::events(&st, &self.faults_reported);
        for e in &events {
            out.event(e)?;
        }
        let cpus = || st.cpus.iter().take(st.ncpus as usize);
        let drops = events
            .iter()
            .map(|e| match e {
                Event::Drop(d) => d.count,
                _ => 0,
            })
            .sum();
        let (kind, exit_status) = match ending {
            Ending::Exit(status) => (EndKind::Exit, Some(status)),
            Ending::Stopped => (EndKind::Stopped, None),
            Ending::Deadman => (EndKind::Deadman, None),
        };
        out.event(&Event::Summary(Summary {
            ending: kind,
            exit_status,
            firings: self.firings,
            drops,
            errors: cpus().map(|c| c.errors).sum(),
        }))
    }
}
