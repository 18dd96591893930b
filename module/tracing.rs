// SPDX-License-Identifier: GPL-2.0

//! One session's tracing: verified clauses, the probe tables, per-CPU
//! buffers and the hooks, from ENABLE to teardown. The hit path is
//! [`Tracing::hit`]; everything else runs in process context.

use crate::bindings;
use crate::called_returns::CalledReturns;
use crate::aggs::table::AggTable;
use crate::cpu_state::CpuState;
use crate::dif::builtin::Builtin;
use crate::dif::class::{Class, FixedKey, Template};
use crate::dif::gate::Gate;
use crate::dif::fault::Fault;
use crate::enable::Refusal;
use crate::kernel_mem;
use crate::kprobes::{KprobeSite, Kprobes};
use crate::uprobes::{UprobeSite, Uprobes};
use crate::probe_env::{hit_builtin, ClauseClock, Hit, ProbeEnv};
use crate::program::Program;
use crate::session_vars::SessionVars;
use crate::syscall_args;
use crate::thread_exit::ThreadExitHook;
use crate::probe_table::{ProbeTable, Target};
use crate::record::RecordWriter;
use crate::speculation::{SpecEffects, Speculations};
use crate::timed::{TimedProbe, Timers};
use crate::tracepoints::{TracepointProbe, Tracepoints};
use crate::trace::record::{EPID_ERROR, HEADER, ITEM_FAULT};
use crate::trace::*;
use crate::wakeup::WakeHandle;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use kernel::alloc::{KVVec, KVec};
use kernel::prelude::*;

/// Where a hook's fbt hit happened (`hooks.h`'s `struct rdtrace_hit_site`).
pub(crate) type HitSite = bindings::rdtrace_hit_site;

#[path = "fast_hit.rs"]
mod fast_hit;

/// A clause: run `actions` when `predicate` (if any) returns nonzero.
pub(crate) struct Clause {
    pub(crate) predicate: Option<Program>,
    pub(crate) actions: Program,
    /// Whether a firing commits a record: the empty action list does
    /// (DTrace's default action), and actions that can write to it; as in
    /// DTrace, actions that store no data (aggregations, variables) do not.
    pub(crate) commits: bool,
    /// The actions' aggregation, when they are one with a key that is the
    /// same on every hit of one probe: the hit path updates it in place
    /// (`fast_hit`).
    pub(crate) fixed: Option<FixedKey>,
    /// No actions, and no predicate or a gated one: every firing commits
    /// the default record (the header alone) and runs nothing
    /// (`direct_records`).
    pub(crate) default_record: bool,
    /// The record template of actions that are an infallible `Emit`
    /// (printf and trace of arguments, integer builtins and constants):
    /// a firing whose predicate (if any) its gate decides writes it
    /// straight from the hit into the ring, without the clause's
    /// environment (`direct_records`).
    pub(crate) template: Option<Template>,
    /// Whether a firing's record (the default one or the template) can be
    /// written from an fbt hook with no recursion lock or stack origin
    /// (`Tracing::fbt_record`): it reads no stack (`stackdepth`), and what
    /// it calls is not traceable but for the consumer's wakeup, whose
    /// nested hit the CPU's claim counts and drops.
    pub(crate) hook_record: bool,
    /// The predicate as tested before a hit claims the CPU, when it is a
    /// compare chain of arguments and integer builtins.
    pub(crate) gate: Option<Gate>,
}

// An infallible Emit's record always fits the staging area (its general
// path cannot fault for want of space either).
const _: () = assert!(crate::dif::class::Emit::MAX_RECORD + HEADER <= crate::cpu_state::RECORD_MAX);

impl Clause {
    /// The clause of `predicate` and `actions`.
    pub(crate) fn new(predicate: Option<Program>, actions: Program) -> Clause {
        let empty = matches!(actions.class(), crate::dif::class::Class::Const(_));
        let commits = empty || actions.records();
        let fixed = match actions.class() {
            Class::Aggregate(a) => a.fixed_key(),
            _ => None,
        };
        let gate = match predicate.as_ref().map(|p| p.class()) {
            Some(Class::Compare(chain)) => Gate::of(chain),
            _ => None,
        };
        // A predicate only the full path can decide leaves it the clause.
        let default_record = empty && (predicate.is_none() || gate.is_some());
        let template = match actions.class() {
            Class::Emit(e) => e.template(),
            _ => None,
        };
        let stackdepth = Builtin::Stackdepth as u8;
        let hook_record = default_record || template.is_some_and(|t| !t.reads_builtin(stackdepth));
        Clause { predicate, actions, commits, fixed, default_record, template, hook_record, gate }
    }

    /// [`Clause::admits`] out of line, for the direct path's clauses that
    /// have a predicate: those without stay short.
    /// Its clocks are the clause's `clock`, which its record reads after.
    #[inline(never)]
    fn gate_verdict(&self, args: &[u64; 6], clock: &ClauseClock) -> Option<bool> {
        self.admits(args, |b| clock.read(b).or_else(|| kernel_mem::task_builtin(b)))
    }

    /// Whether the predicate holds on a hit with `args`, decided before
    /// the hit claims the CPU: true without one, its gate's verdict with
    /// one (builtins read through `builtin`), `None` when only the full
    /// path can tell.
    #[inline(always)]
    pub(crate) fn admits(&self, args: &[u64; 6], builtin: impl FnMut(Builtin) -> Option<u64>) -> Option<bool> {
        match (&self.predicate, &self.gate) {
            (None, _) => Some(true),
            (Some(_), Some(gate)) => gate.admits(args, builtin),
            (Some(_), None) => None,
        }
    }
}

/// What ENABLE built, before the hooks exist.
pub(crate) struct Plan {
    pub(crate) clauses: KVec<Clause>,
    pub(crate) probes: KVVec<ProbeSpec>,
    pub(crate) entry: ProbeTable,
    pub(crate) ret: ProbeTable,
    /// The return sites seen by calling the function, if entered by direct call.
    pub(crate) called: CalledReturns,
    pub(crate) begin: KVec<Target>,
    pub(crate) end: KVec<Target>,
    /// `dtrace:::ERROR`'s clauses.
    pub(crate) error: KVec<Target>,
    /// The tick and profile probes.
    pub(crate) timed: KVec<TimedProbe>,
    /// The tracepoint probes.
    pub(crate) tracepoints: KVec<TracepointProbe>,
    /// The kprobe and kretprobe sites, by index.
    pub(crate) kprobes: KVec<KprobeSite>,
    /// The pid provider's uprobe and uretprobe sites, by index.
    pub(crate) uprobes: KVec<UprobeSite>,
    pub(crate) cpus: KVec<CpuState>,
    pub(crate) vars: SessionVars,
    pub(crate) specs: Speculations,
    /// Entry probes through ftrace_ops even where a direct call could be had.
    pub(crate) shared_entry: bool,
    /// Whether records' headers carry the hit's time
    /// ([`ENABLE_NO_RECORD_TIME`] clear): else 0, and no clock read.
    pub(crate) record_time: bool,
    /// Whether the buffers are ring-policy (the oldest records
    /// overwritten).
    pub(crate) overwrites: bool,
    /// Whether some clause has a fixed-key aggregation (`fast_hit`): other
    /// sessions' hits skip that path with one test.
    pub(crate) fixed_keys: bool,
}

/// The enabled state of a session.
///
/// # Invariants
///
/// `hooks`, `timers` and `tracepoints` were created with this value's
/// address as owner and are stopped (every hook and tracepoint detached,
/// every timer cancelled, no callback running) in `drop` before any field
/// is dropped; the value is never moved
/// out of its `KBox`.
pub(crate) struct Tracing {
    hooks: *mut bindings::rdtrace_hooks,
    timers: Timers,
    tracepoints: Tracepoints,
    /// Registered by [`Tracing::register_kprobes`] after `new`.
    kprobes: Kprobes,
    /// Registered with the kprobes.
    uprobes: Uprobes,
    plan: Plan,
    /// Reclaims exited threads' `self->` variables; detached in `drop`
    /// before `plan` goes.
    thread_exit: Option<ThreadExitHook>,
    state: AtomicU32,
    exit_status: AtomicU64,
    /// When the consumer last called in (READ, STATUS), in jiffies: the
    /// hit path reads jiffies with one load where a clock is a call.
    last_contact: AtomicU64,
    /// How long it may stay silent before the deadman stops the probes
    /// (`u64::MAX`: never, while anonymous tracing has no consumer).
    deadman_jiffies: AtomicU64,
    /// The enabling's deadman, in jiffies.
    deadman_set: u64,
    /// Wakes the consumer sleeping in poll.
    wake: WakeHandle,
}

// SAFETY: shared state is atomics, per-CPU state claimed per hit, and
// read-only tables; `hooks` is only used in process context under the
// session lock.
unsafe impl Send for Tracing {}
// SAFETY: as above.
unsafe impl Sync for Tracing {}

// The hooks' kinds are the ABI's probe kinds.
const _: () = assert!(bindings::RDTRACE_HOOK_ENTRY == PROBE_ENTRY);
const _: () = assert!(bindings::RDTRACE_HOOK_RETURN == PROBE_RETURN);
const _: () = assert!(bindings::RDTRACE_KPROBE_HIT == PROBE_KPROBE);
const _: () = assert!(bindings::RDTRACE_KRETPROBE_HIT == PROBE_KRETPROBE);
const _: () = assert!(bindings::RDTRACE_UPROBE_HIT == PROBE_UPROBE);
const _: () = assert!(bindings::RDTRACE_URETPROBE_HIT == PROBE_URETPROBE);

fn now() -> u64 {
    // SAFETY: no preconditions; NMI-safe.
    unsafe { bindings::rdtrace_shim_mono_ns() }
}

fn jiffies() -> u64 {
    // SAFETY: `jiffies` is a word-sized kernel global the tick updates; a
    // volatile read of it is what C's `jiffies` is, valid in any context.
    unsafe { core::ptr::read_volatile(core::ptr::addr_of!(bindings::jiffies)) as u64 }
}

/// How a clause's run ended, for the clauses after it in the firing.
#[derive(PartialEq, Eq)]
enum Ran {
    /// The firing goes on to the next clause.
    On,
    /// The clause called exit(): the firing ends here.
    Exited,
}

/// A hit's timestamp: read from the clock the first time a record needs
/// it, then the same for every record of the hit (as DTrace's).
struct Stamp(Option<u64>);

impl Stamp {
    /// A hit's stamp: 0 without a clock read when headers carry no time.
    fn new(record_time: bool) -> Stamp {
        Stamp(if record_time { None } else { Some(0) })
    }

    #[inline(always)]
    fn get(&mut self) -> u64 {
        *self.0.get_or_insert_with(now)
    }
}

/// What a direct record is filled from: the hit of one probe.
#[derive(Clone, Copy)]
struct DirectRecord<'a> {
    probe: &'a ProbeSpec,
    /// The (probe, clause) pair's EPID.
    epid: u32,
    args: &'a [u64; 6],
    caller: u64,
}

impl Tracing {
    /// Wraps an ENABLE's plan with (not yet attached) hooks.
    pub(crate) fn new(plan: Plan, deadman_ms: u32, wake: WakeHandle) -> Result<KBox<Tracing>> {
        let deadman_ms = if deadman_ms == 0 { DEFAULT_DEADMAN_MS } else { deadman_ms };
        // SAFETY: no preconditions.
        let deadman = unsafe { bindings::rdtrace_shim_msecs_to_jiffies(deadman_ms) } as u64;
        let mut t = KBox::new(
            Tracing {
                hooks: core::ptr::null_mut(),
                timers: Timers::none(),
                tracepoints: Tracepoints::none(),
                kprobes: Kprobes::none(),
                uprobes: Uprobes::none(),
                plan,
                thread_exit: None,
                state: AtomicU32::new(STATE_ENABLED),
                exit_status: AtomicU64::new(0),
                last_contact: AtomicU64::new(jiffies()),
                deadman_jiffies: AtomicU64::new(deadman),
                deadman_set: deadman,
                wake,
            },
            GFP_KERNEL,
        )?;
        let owner: *mut Tracing = &mut *t;
        // SAFETY: `owner` stays valid until `drop` frees the hooks (type
        // invariant: the value is not moved out of the box).
        let hooks = unsafe { bindings::rdtrace_hooks_new(owner.cast()) };
        if hooks.is_null() {
            return Err(ENOMEM);
        }
        t.hooks = hooks;
        if t.plan.vars.geometry().thread_locals {
            // SAFETY: `plan.vars` does not move (the box is never moved out
            // of) and outlives the hook, which `drop` detaches first.
            let hook = unsafe { ThreadExitHook::attach(&t.plan.vars)? };
            t.thread_exit = Some(hook);
        }
        let ncpus = t.plan.cpus.len() as u32;
        // SAFETY: as for the hooks: `drop` cancels the timers before
        // `owner` goes away.
        t.timers = unsafe { Timers::new(owner.cast(), &t.plan.timed, ncpus)? };
        // SAFETY: as for the hooks: `drop` detaches them before `owner`
        // goes away.
        t.tracepoints = unsafe { Tracepoints::new(owner.cast(), &t.plan.tracepoints)? };
        Ok(t)
    }

    /// CPUs with a buffer.
    pub(crate) fn ncpus(&self) -> usize {
        self.plan.cpus.len()
    }

    /// Registers the kprobe sites (disarmed) and the pid provider's
    /// uprobes (live, ignored until GO): the kernel checks each here, at
    /// ENABLE, and a refusal names its probe in `args`.
    pub(crate) fn register_kprobes(&mut self, args: &mut EnableArgs) -> core::result::Result<(), Refusal> {
        let owner: *mut Tracing = self;
        // SAFETY: `self` is boxed and never moved out (type invariant), and
        // `drop` unregisters the kprobes before any field goes.
        self.kprobes = unsafe { Kprobes::register(owner.cast(), &self.plan.kprobes, args)? };
        // SAFETY: as above, for the uprobes.
        self.uprobes = unsafe { Uprobes::register(owner.cast(), &self.plan.uprobes, args)? };
        Ok(())
    }

    /// The state, `STATE_*`.
    pub(crate) fn state(&self) -> u32 {
        self.state.load(Ordering::Acquire)
    }

    /// Patches the probe sites in and starts the timers, fires BEGIN, then
    /// lets the probes fire. As in DTrace (its WARMUP activity), the sites
    /// are live before BEGIN but a hit returns at the state check until
    /// BEGIN has fired: BEGIN fires before any other probe, and the
    /// kernel's own calls while ~24,000 sites are patched cost a load and
    /// a compare each, not a run of their clauses.
    pub(crate) fn go(&self) -> Result {
        if self.state() != STATE_ENABLED {
            return Err(EBUSY);
        }
        if let Err(e) = self.attach() {
            self.state.store(STATE_STOPPED, Ordering::Release);
            return Err(e);
        }
        // The consumer spent the attach in this call, however long
        // patching took: its silence starts now, before BEGIN checks it.
        self.contact();
        self.fire_special(&self.plan.begin);
        // BEGIN's exit() has set EXITED: that stays.
        let _ = self.state.compare_exchange(STATE_ENABLED, STATE_ACTIVE, Ordering::AcqRel, Ordering::Relaxed);
        Ok(())
    }

    /// [`Tracing::go`]'s attach of every probe site, kprobe, timer and
    /// tracepoint.
    fn attach(&self) -> Result {
        // Each list ends with the called sites (hooks.h).
        let called = &self.plan.called;
        let mut entry = hook_list(&self.plan.entry, called)?;
        let mut ret = hook_list(&self.plan.ret, called)?;
        let called_entries = called.addrs().iter().any(|&a| !self.plan.entry.lookup(a).is_empty());
        // SAFETY: `hooks` is valid (invariant); the arrays hold `len`
        // addresses and are only read during the call.
        let err = unsafe {
            bindings::rdtrace_hooks_attach(
                self.hooks,
                entry.as_mut_ptr(),
                entry.len() as u32,
                ret.as_mut_ptr(),
                ret.len() as u32,
                called.addrs().len() as u32,
                called_entries,
                self.plan.shared_entry,
            )
        };
        if err != 0 {
            return Err(Error::from_errno(err));
        }
        self.kprobes.enable()?;
        self.timers.start()?;
        self.tracepoints.attach()
    }

    /// Unpatches the probe sites, stops the timers and fires END: as in
    /// DTrace, END fires after every other probe.
    pub(crate) fn stop(&self) {
        let was = self.state.swap(STATE_STOPPED, Ordering::AcqRel);
        // SAFETY: `hooks` is valid (invariant); process context.
        unsafe { bindings::rdtrace_hooks_detach(self.hooks) };
        self.tracepoints.detach();
        self.kprobes.disable();
        self.timers.cancel();
        if was == STATE_ACTIVE || was == STATE_EXITED || was == STATE_DEADMAN {
            self.fire_special(&self.plan.end);
        }
    }

    /// Fires BEGIN or END clauses from process context.
    fn fire_special(&self, targets: &[Target]) {
        let args = [0u64; 6];
        // SAFETY: paired with the enable below; makes the CPU ours.
        unsafe { bindings::rdtrace_shim_preempt_disable() };
        self.run_targets(targets, &args, 0);
        // SAFETY: paired with the disable above.
        unsafe { bindings::rdtrace_shim_preempt_enable() };
    }

    /// A kprobe or uprobe hit on CPU `cpu`: preemption is off, the hook
    /// holds its recursion guard and has set the stack origin.
    pub(crate) fn hit(&self, kind: u32, cpu: usize, index: u64, caller: u64, args: &[u64; 6]) {
        if self.state.load(Ordering::Relaxed) != STATE_ACTIVE {
            return;
        }
        // A kprobe's or uprobe's `index` is its site's.
        let targets = match kind {
            PROBE_KPROBE | PROBE_KRETPROBE => self.plan.kprobes.get(index as usize).map_or(&[][..], |s| &s.targets),
            _ => self.plan.uprobes.get(index as usize).map_or(&[][..], |s| &s.targets),
        };
        if self.needs_general_path(cpu, targets, args) {
            self.run_targets_on(cpu, targets, args, caller);
        }
    }

    /// Whether a hit of `targets` must run the general path: not when the
    /// fixed-key route has done all of it, nor when every target's gate
    /// rejects it.
    #[inline(always)]
    fn needs_general_path(&self, cpu: usize, targets: &[Target], args: &[u64; 6]) -> bool {
        !(self.plan.fixed_keys && self.fixed_aggregations(cpu, targets, args)) && self.may_fire(targets, args)
    }

    /// An fbt hit of kind `KIND` (entry or return) at `site` on CPU `cpu`
    /// (preemption off), inlined into the hook's entry point.
    ///
    /// A one-target hit whose predicate its gate decides from the
    /// arguments alone (or that has none) is decided here, with no call
    /// but the last, so the entry point needs no frame: a rejected hit
    /// returns, a fixed-key aggregation folds in ([`Tracing::fold_noted`]),
    /// anything else fires ([`Tracing::fbt_fire`]). Every other hit takes
    /// [`Tracing::fbt_hit_of_any`].
    #[inline(always)]
    fn fbt_hit<const KIND: u32>(&self, cpu: usize, site: &HitSite, args: &[u64; 6]) {
        if self.state.load(Ordering::Relaxed) != STATE_ACTIVE {
            return;
        }
        // Syscall probes share the fbt tables: their sites are functions too.
        let table = if KIND == PROBE_ENTRY { &self.plan.entry } else { &self.plan.ret };
        let targets = table.lookup(site.ip as u64);
        let [t] = targets else {
            if !targets.is_empty() {
                self.fbt_hit_of_any(cpu, targets, args, site);
            }
            return;
        };
        let Some(clause) = self.plan.clauses.get(t.clause as usize) else { return };
        // Builtins would be calls: such gates are decided by the full route.
        let verdict = match t.gated || clause.predicate.is_none() {
            true => clause.admits(args, |_| None),
            false => None,
        };
        match verdict {
            Some(false) => {}
            Some(true) => match self.noted_fixed(cpu, t, clause) {
                Some((cs, cache, fixed)) => self.fold_noted(cs, cache, fixed, args),
                None if t.hook_record => self.fbt_record(cpu, targets, args, site),
                None => self.fbt_fire(cpu, targets, args, site),
            },
            None => self.fbt_hit_of_any(cpu, targets, args, site),
        }
    }

    /// The record of a one-target hit whose clause fires (its gate, if
    /// any, has admitted it) and has [`Clause::hook_record`], written from
    /// the hook: the CPU claimed (a nested hit is counted and dropped), not
    /// the general path's recursion lock and stack origin
    /// (`rdtrace_hooks_fire`).
    ///
    /// The target and clause are looked up again here, and the record
    /// chosen here: kept live through the entry point's gate, they cost
    /// its every path (counts, always-false) one more saved register.
    #[inline(never)]
    fn fbt_record(&self, cpu: usize, targets: &[Target], args: &[u64; 6], site: &HitSite) {
        let Some(t) = targets.first() else { return };
        let Some(clause) = self.plan.clauses.get(t.clause as usize) else { return };
        match (&clause.template, self.plan.record_time || self.plan.overwrites) {
            (None, false) => self.write_default_record(cpu, t),
            (template, _) => self.fbt_template_record(cpu, t, template.as_ref(), args, site),
        }
    }

    /// [`Tracing::fbt_record`]'s default record (the header alone) in a
    /// session whose records carry no time and whose buffers do not
    /// overwrite: inline, with no call but the wakeup's, last, so that
    /// this frame saves no registers.
    #[inline(always)]
    fn write_default_record(&self, cpu: usize, t: &Target) {
        if self.deadman_expired() {
            return;
        }
        let Some(cs) = self.plan.cpus.get(cpu) else { return };
        let produced = match cs.claim() {
            // SAFETY: the claim makes this hit the CPU's only producer;
            // the buffer is not ring-policy (the caller's check).
            Some(_claim) => unsafe { cs.ring.produce_header_unringed(crate::record::default_record(t.probe + 1, 0)) },
            None => false,
        };
        // After the claim: the wakeup needs none.
        if produced {
            self.wake.notify();
        }
    }

    /// [`Tracing::fbt_record`] of a clause with a record template, or of
    /// a session whose records carry the time.
    #[inline(never)]
    fn fbt_template_record(&self, cpu: usize, t: &Target, template: Option<&Template>, args: &[u64; 6], site: &HitSite) {
        match self.plan.record_time {
            true => self.write_hook_record::<true>(cpu, t, template, args, site),
            false => self.write_hook_record::<false>(cpu, t, template, args, site),
        }
    }

    /// Writes [`Tracing::fbt_record`]'s record: `template` filled, or the
    /// default record; stamped with the clock if `TIMED`, else 0.
    #[inline(always)]
    fn write_hook_record<const TIMED: bool>(&self, cpu: usize, t: &Target, template: Option<&Template>, args: &[u64; 6], site: &HitSite) {
        if self.deadman_expired() {
            return;
        }
        let (Some(cs), Some(probe)) = (self.plan.cpus.get(cpu), self.plan.probes.get(t.probe as usize)) else {
            return;
        };
        let produced = match cs.claim() {
            Some(_claim) => {
                let record = DirectRecord { probe, epid: t.probe + 1, args, caller: site.parent_ip as u64 };
                let clock = ClauseClock::default();
                self.commit_direct(cs, template, &record, if TIMED { now() } else { 0 }, &clock)
            }
            None => false,
        };
        // After the claim: the wakeup needs none.
        if produced {
            self.wake.notify();
        }
    }

    /// [`Tracing::fbt_hit`] of any hit: the fixed-key route and the gates
    /// with builtins read, then the general path if it must run.
    #[inline(never)]
    fn fbt_hit_of_any(&self, cpu: usize, targets: &[Target], args: &[u64; 6], site: &HitSite) {
        if self.needs_general_path(cpu, targets, args) {
            self.fbt_fire(cpu, targets, args, site);
        }
    }

    /// The general path of an fbt hit that may fire: it calls kernel
    /// functions and may walk the stack, so `hooks.c` runs it
    /// ([`rdtrace_hook_fire`]) under what `site` says. Out of line: the
    /// entry point's frame stays small for the hits that do not fire.
    #[inline(never)]
    fn fbt_fire(&self, cpu: usize, targets: &[Target], args: &[u64; 6], site: &HitSite) {
        let owner = core::ptr::from_ref(self).cast_mut().cast();
        // SAFETY: `self`, `targets`, `args` and `site` are valid for the
        // call, which hands the first three back unchanged to
        // `rdtrace_hook_fire`; preemption is off (the hooks' contract).
        unsafe {
            bindings::rdtrace_hooks_fire(owner, cpu as u32, targets.as_ptr().cast(), targets.len(), args.as_ptr(), site)
        };
    }

    /// Whether some target may fire. False only when every target's
    /// predicate is gated ([`Target::gated`]) and its gate fails on this
    /// hit's arguments and task builtins: decided before the hit claims
    /// the CPU, reads the clock or sets up variables, which is most of a
    /// rejected hit's cost. The full path decides everything else.
    #[inline(always)]
    fn may_fire(&self, targets: &[Target], args: &[u64; 6]) -> bool {
        match targets {
            [] => false,
            [t] => self.target_may_fire(t, args),
            _ => self.any_target_may_fire(targets, args),
        }
    }

    /// [`Tracing::may_fire`] of several targets, out of line: the
    /// one-target hit's path keeps its registers.
    #[inline(never)]
    fn any_target_may_fire(&self, targets: &[Target], args: &[u64; 6]) -> bool {
        targets.iter().any(|t| self.target_may_fire(t, args))
    }

    #[inline(always)]
    fn target_may_fire(&self, t: &Target, args: &[u64; 6]) -> bool {
        let gate = match t.gated {
            true => self.plan.clauses.get(t.clause as usize).and_then(|c| c.gate.as_ref()),
            false => None,
        };
        gate.map_or(true, |g| g.admits(args, kernel_mem::task_builtin).unwrap_or(true))
    }

    /// A tick or profile timer expired: hard-irq context on its CPU. As in
    /// DTrace, arg0 is the interrupted kernel PC (0 in user mode), arg1 the
    /// user PC (0 in the kernel), and a profile probe's arg2 how late the
    /// timer ran, in ns.
    pub(crate) fn fire_timed(&self, index: usize, pc: u64, upc: u64, late: u64) {
        if self.state.load(Ordering::Relaxed) != STATE_ACTIVE {
            return;
        }
        let Some(probe) = self.plan.timed.get(index) else { return };
        let late = if probe.kind == PROBE_PROFILE { late } else { 0 };
        self.run_targets(&probe.targets, &[pc, upc, late, 0, 0, 0], 0);
    }

    /// A probed tracepoint fired on CPU `cpu` (the one this runs on,
    /// preemption off) with its arguments.
    pub(crate) fn fire_tracepoint(&self, index: usize, cpu: usize, args: &[u64; 6]) {
        if self.state.load(Ordering::Relaxed) != STATE_ACTIVE {
            return;
        }
        let Some(probe) = self.plan.tracepoints.get(index) else { return };
        if self.needs_general_path(cpu, &probe.targets, args) {
            self.run_targets_on(cpu, &probe.targets, args, 0);
        }
    }

    /// Runs `targets` on this CPU; preemption is off.
    fn run_targets(&self, targets: &[Target], args: &[u64; 6], caller: u64) {
        // SAFETY: no preconditions; preemption is off, so the CPU is ours.
        let cpu = unsafe { bindings::rdtrace_shim_cpu() } as usize;
        self.run_targets_on(cpu, targets, args, caller);
    }

    /// The hit path: runs `targets` on CPU `cpu`, the one this runs on
    /// with preemption off. The deadman is checked and the clock read (if a
    /// record needs it) once per hit, not per clause.
    fn run_targets_on(&self, cpu: usize, targets: &[Target], args: &[u64; 6], caller: u64) {
        if targets.is_empty() || self.deadman_expired() {
            return;
        }
        let Some(cs) = self.plan.cpus.get(cpu) else { return };
        let Some(mut claim) = cs.claim() else { return };
        let mut stamp = Stamp::new(self.plan.record_time);
        // The leading clauses that write their record straight from the
        // hit; the general path runs the rest, in order.
        let done = self.direct_records(cs, targets, args, caller, &mut stamp);
        let targets = match targets.get(done..) {
            Some(rest) if !rest.is_empty() => rest,
            _ => return,
        };
        let (staging, scratch) = claim.buffers();
        // this-> variables live for one firing, shared by its clauses.
        self.plan.vars.start_firing(cpu);
        // A syscall probe's arguments differ from its wrapper's fbt probe's
        // at the same site: read once per hit, for the first that needs them.
        let mut syscall_args = None;
        self.plan.vars.with(cpu, |vars| {
            for t in targets {
                let (Some(clause), Some(probe)) =
                    (self.plan.clauses.get(t.clause as usize), self.plan.probes.get(t.probe as usize))
                else {
                    continue;
                };
                let args = match probe.kind {
                    PROBE_SYSCALL_ENTRY => &*syscall_args.get_or_insert_with(|| syscall_args::entry(args)),
                    PROBE_SYSCALL_RETURN => &*syscall_args.get_or_insert_with(|| syscall_args::ret(args)),
                    _ => args,
                };
                // The EPID names the (probe, clause) pair: the ProbeSpec index + 1.
                let specs = &self.plan.specs;
                let hit = Hit { args, probe, epid: t.probe + 1, caller, vars, cpu, specs };
                // As in DTrace, exit() ends the firing: later clauses of the
                // same probe do not run.
                if self.run_clause(cs, clause, &hit, staging, scratch, &mut stamp) == Ran::Exited {
                    break;
                }
            }
        });
    }

    /// Commits the records of the leading targets that are an empty
    /// clause (`Clause::default_record`) or have a record template
    /// (`Clause::template`), under no predicate or a gated one (skipping
    /// those whose gate fails), straight into the ring: no
    /// variables, staging, speculations or DIF to set up. Returns how
    /// many it did: the general path runs the targets after them. The
    /// caller holds the CPU's claim.
    fn direct_records(
        &self,
        cs: &CpuState,
        targets: &[Target],
        args: &[u64; 6],
        caller: u64,
        stamp: &mut Stamp,
    ) -> usize {
        let mut done = 0;
        for t in targets {
            let (Some(clause), Some(probe)) =
                (self.plan.clauses.get(t.clause as usize), self.plan.probes.get(t.probe as usize))
            else {
                break;
            };
            // A template reads the hook's arguments: not a syscall probe's.
            let syscall = matches!(probe.kind, PROBE_SYSCALL_ENTRY | PROBE_SYSCALL_RETURN);
            let template = match &clause.template {
                Some(tpl) if !syscall => Some(tpl),
                _ if clause.default_record => None,
                _ => break,
            };
            // The predicate, decided by its gate (exactly, where it gives
            // a verdict: uapi's dif_class tests): a clause it rejects is
            // done, one it cannot decide goes to the general path.
            let clock = ClauseClock::default();
            if clause.predicate.is_some() {
                match clause.gate_verdict(args, &clock) {
                    Some(true) => {}
                    Some(false) => {
                        done += 1;
                        continue;
                    }
                    None => break,
                }
            }
            // The EPID names the (probe, clause) pair: the ProbeSpec index + 1.
            let record = DirectRecord { probe, epid: t.probe + 1, args, caller };
            if self.commit_direct(cs, template, &record, stamp.get(), &clock) {
                self.wake.notify();
            }
            done += 1;
        }
        done
    }

    /// Commits one direct record (see [`Tracing::direct_records`]): the
    /// clause's `template` filled from the hit, or the default record
    /// (the header alone) when it has none; stamped `ts`; `clock` is the
    /// clause's, its predicate's reads included. The caller holds
    /// the CPU's claim, and wakes the consumer if this returns true (the
    /// record was written; false: dropped and counted).
    #[inline(always)]
    fn commit_direct(
        &self,
        cs: &CpuState,
        template: Option<&Template>,
        hit: &DirectRecord<'_>,
        ts: u64,
        clock: &ClauseClock,
    ) -> bool {
        let DirectRecord { probe, epid, args, caller } = *hit;
        match template {
            Some(tpl) => {
                let len = tpl.len();
                let fill = |dst: &mut [u8]| {
                    // What the clause's run reads through `ProbeEnv`.
                    let builtin = |n: u8| {
                        Builtin::from_u32(u32::from(n)).map_or(0, |b| hit_builtin(b, args, probe, epid, caller, clock))
                    };
                    tpl.write(dst, args, builtin);
                    if let Some(h) = dst.first_chunk_mut::<HEADER>() {
                        *h = crate::record::header(len as u32, epid, ts);
                    }
                };
                // SAFETY: the caller's claim makes this hit the CPU's only producer.
                unsafe { cs.ring.produce_with(len, fill) }
            }
            None => {
                let fill = |dst: &mut [u8]| {
                    if let Some(h) = dst.first_chunk_mut::<HEADER>() {
                        *h = crate::record::default_record(epid, ts);
                    }
                };
                // SAFETY: the caller's claim makes this hit the CPU's only producer.
                unsafe { cs.ring.produce_with(HEADER, fill) }
            }
        }
    }

    /// The deadman: a consumer that stopped calling in (stopped, hung)
    /// must not leave probes recording forever.
    fn deadman_expired(&self) -> bool {
        let silent = jiffies().wrapping_sub(self.last_contact.load(Ordering::Relaxed));
        // A contact stored after the read above makes `silent` wrap: not
        // expired.
        if silent <= self.deadman_jiffies.load(Ordering::Relaxed) || silent > u64::MAX / 2 {
            return false;
        }
        let _ = self.state.compare_exchange(STATE_ACTIVE, STATE_DEADMAN, Ordering::AcqRel, Ordering::Relaxed);
        true
    }

    /// No deadman until [`Tracing::arm_deadman`]: anonymous tracing runs
    /// with no consumer to call in.
    pub(crate) fn disarm_deadman(&self) {
        self.deadman_jiffies.store(u64::MAX, Ordering::Relaxed);
    }

    /// The enabling's deadman again, counted from now (a consumer claimed
    /// the session).
    pub(crate) fn arm_deadman(&self) {
        self.contact();
        self.deadman_jiffies.store(self.deadman_set, Ordering::Relaxed);
    }

    /// Records that the consumer called in (READ or STATUS).
    pub(crate) fn contact(&self) {
        self.last_contact.store(jiffies(), Ordering::Relaxed);
    }

    fn run_clause(
        &self,
        cs: &CpuState,
        clause: &Clause,
        hit: &Hit<'_>,
        staging: &mut [u8],
        scratch: &mut [u8],
        stamp: &mut Stamp,
    ) -> Ran {
        let clock = ClauseClock::default();
        if let Some(p) = &clause.predicate {
            let rec = RecordWriter::new(staging, hit.epid);
            let mut env =
                ProbeEnv { hit, cpu: cs, rec, exit: None, spec: SpecEffects::default(), agg_cache: None, clock: &clock };
            match p.run(&mut env, scratch) {
                Ok(exit) if exit.value != 0 => {}
                Ok(_) => return Ran::On,
                Err(fault) => {
                    self.fault(cs, hit, FaultSite::PREDICATE, fault, staging, scratch, stamp);
                    return Ran::On;
                }
            }
        }
        let rec = RecordWriter::new(staging, hit.epid);
        let mut env =
            ProbeEnv { hit, cpu: cs, rec, exit: None, spec: SpecEffects::default(), agg_cache: None, clock: &clock };
        // A fixed key's entry, once found, is noted for the fast path
        // (one note per EPID: the EPID names the probe and the clause),
        // which reads the hook's arguments: not a syscall probe's.
        let syscall = matches!(hit.probe.kind, PROBE_SYSCALL_ENTRY | PROBE_SYSCALL_RETURN);
        if clause.fixed.is_some() && !syscall {
            env.agg_cache = cs.agg_cache.get(hit.epid.wrapping_sub(1) as usize);
        }
        let outcome = clause.actions.run(&mut env, scratch);
        let (exit, spec) = (env.exit, env.spec);
        match outcome {
            Ok(_) => {
                if spec.committed {
                    self.wake.notify();
                }
                // Even an empty record is committed: it is dtrace's default
                // action (the consumer prints which probe fired). Not so
                // for a clause that only committed or discarded, nor for
                // one whose actions store no data.
                let rec = if clause.commits { env.rec.finish(stamp.get()).ok() } else { None };
                if let Some(rec) = rec {
                    let nothing_to_show = spec.finished && rec.len() == HEADER;
                    if let Some(id) = spec.to {
                        hit.specs.append(id, hit.cpu, rec);
                    } else if !nothing_to_show {
                        // SAFETY: the claim makes this hit the CPU's only producer.
                        if unsafe { cs.ring.produce(rec) } {
                            self.wake.notify();
                        }
                    }
                }
                if let Some(status) = exit {
                    self.exit_status.store(status, Ordering::Relaxed);
                    self.state.store(STATE_EXITED, Ordering::Release);
                    self.wake.notify();
                    return Ran::Exited;
                }
            }
            // speculate() of no speculation: DTrace drops the clause quietly.
            Err(_) if spec.abandoned => {}
            Err(fault) => self.fault(cs, hit, FaultSite::ACTIONS, fault, staging, scratch, stamp),
        }
        Ran::On
    }

    /// A clause faulted and was abandoned: report it to the consumer, then
    /// fire `dtrace:::ERROR` in the same probe context, with DTrace's
    /// arguments. A fault in an ERROR clause fires nothing more (DTrace
    /// counts it as an error in the ERROR probe's enabling; the consumer
    /// knows it by its EPID).
    #[allow(clippy::too_many_arguments)]
    fn fault(
        &self,
        cs: &CpuState,
        hit: &Hit<'_>,
        site: FaultSite,
        fault: Fault,
        staging: &mut [u8],
        scratch: &mut [u8],
        stamp: &mut Stamp,
    ) {
        self.report_fault(cs, hit, site, fault, staging, stamp.get());
        if hit.probe.kind == PROBE_ERROR || self.plan.error.is_empty() {
            return;
        }
        // As Oracle's DTrace passes them: arg1 the probe's ID, arg2 the
        // statement (the clause's index in the script), arg3 the DIF
        // offset, arg4 DTrace's fault number, arg5 the address. (The
        // report above names the EPID and the action.)
        let offset = u64::from(fault.insn) * crate::dif::INSN_SIZE as u64;
        let (id, clause) = (u64::from(hit.probe.id), u64::from(hit.probe.clause));
        let args = [0, id, clause, offset, fault.code.dtrace_fault(), fault.addr];
        for t in &self.plan.error {
            let (Some(clause), Some(probe)) =
                (self.plan.clauses.get(t.clause as usize), self.plan.probes.get(t.probe as usize))
            else {
                continue;
            };
            let error_hit = Hit { args: &args, probe, epid: t.probe + 1, caller: hit.caller, vars: hit.vars, ..*hit };
            self.run_clause(cs, clause, &error_hit, staging, scratch, stamp);
        }
    }

    fn report_fault(&self, cs: &CpuState, hit: &Hit<'_>, site: FaultSite, fault: Fault, staging: &mut [u8], ts: u64) {
        cs.errors.fetch_add(1, Ordering::Relaxed);
        let mut rec = RecordWriter::new(staging, EPID_ERROR);
        let fields = rec
            .put(&[ITEM_FAULT])
            .and_then(|_| rec.put(&hit.epid.to_le_bytes()))
            .and_then(|_| rec.put(&hit.probe.id.to_le_bytes()))
            .and_then(|_| rec.put(&[site.0]))
            .and_then(|_| rec.put(&[fault.code as u8]))
            .and_then(|_| rec.put(&fault.insn.to_le_bytes()))
            .and_then(|_| rec.put(&fault.addr.to_le_bytes()));
        if fields.is_ok() {
            if let Ok(bytes) = rec.finish(ts) {
                // SAFETY: as in `run_clause`.
                unsafe { cs.ring.produce(bytes) };
            }
        }
    }

    /// Copies whole records of `cpu` into `out` (nothing while a ring-policy
    /// buffer is still being written): [`Tracing::read_with`] into a kernel
    /// buffer, for an in-kernel consumer (another module), in process
    /// context, with the session's lock. The READ ioctl copies in place.
    pub(crate) fn read(&self, cpu: usize, out: &mut [u8]) -> usize {
        let (room, mut at) = (out.len(), 0);
        let copy = |run: &[u8]| {
            if let Some(dst) = out.get_mut(at..at + run.len()) {
                dst.copy_from_slice(run);
            }
            at += run.len();
            Ok(())
        };
        self.read_with(cpu, room, copy).unwrap_or(0)
    }

    /// [`Tracing::read`] without a copy in between: `emit` is handed the
    /// whole records that fit in `room` bytes where they lie (one run, or
    /// two across the ring's end), and they are consumed only if every
    /// call succeeds. Returns the bytes handed over.
    pub(crate) fn read_with(&self, cpu: usize, room: usize, mut emit: impl FnMut(&[u8]) -> Result) -> Result<usize> {
        self.contact();
        let Some(c) = self.plan.cpus.get(cpu).filter(|_| !self.ring_being_written()) else { return Ok(0) };
        let taken = c.ring.take(room);
        for run in taken.runs() {
            emit(run)?;
        }
        let n = taken.len();
        taken.commit();
        Ok(n)
    }

    /// The bytes of `cpu`'s aggregation snapshot now (none: no such CPU).
    pub(crate) fn agg_snapshot_len(&self, cpu: usize) -> Option<usize> {
        let c = self.plan.cpus.get(cpu)?;
        Some(AggTable::new(&c.aggs).entries().len() * 8)
    }

    /// Copies `cpu`'s aggregation entries into `out` (see
    /// `crate::aggs::snapshot`); 0 if they do not fit.
    pub(crate) fn agg_snapshot(&self, cpu: usize, out: &mut [u8]) -> usize {
        self.contact();
        let Some(c) = self.plan.cpus.get(cpu) else {
            return 0;
        };
        let entries = AggTable::new(&c.aggs).entries();
        let n = entries.len() * 8;
        if n > out.len() {
            return 0;
        }
        let mut at = 0;
        for w in entries {
            if let Some(dst) = out.get_mut(at..at + 8) {
                dst.copy_from_slice(&w.load(Ordering::Relaxed).to_le_bytes());
            }
            at += 8;
        }
        n
    }

    /// Whether a poller should wake: records wait, or probes stopped firing.
    pub(crate) fn readable(&self) -> bool {
        self.state() != STATE_ACTIVE
            || (!self.ring_being_written() && self.plan.cpus.iter().any(|c| c.ring.pending() > 0))
    }

    /// Ring-policy buffers are read only after STOP: the probes overwrite
    /// them while active.
    fn ring_being_written(&self) -> bool {
        self.state() == STATE_ACTIVE && self.plan.overwrites
    }

    /// The state and counters.
    pub(crate) fn status(&self) -> StatusArgs {
        self.contact();
        let mut s = StatusArgs { state: self.state(), ..StatusArgs::default() };
        s.exit_status = self.exit_status.load(Ordering::Relaxed);
        // SAFETY: `hooks` is valid (invariant).
        s.missed_returns = unsafe { bindings::rdtrace_hooks_missed(self.hooks) };
        s.missed_kprobes = self.kprobes.missed();
        for (i, (out, cpu)) in s.cpus.iter_mut().zip(self.plan.cpus.iter()).enumerate() {
            *out = CpuStatus {
                drops: cpu.ring.drops(),
                errors: cpu.errors.load(Ordering::Relaxed),
                nested: cpu.nested.load(Ordering::Relaxed),
                pending: cpu.ring.pending(),
                dynvar_drops: cpu.dynvar_drops.load(Ordering::Relaxed),
                agg_drops: cpu.agg_drops.load(Ordering::Relaxed),
                spec_drops_busy: self.plan.specs.drops(i).0,
                spec_drops_full: self.plan.specs.drops(i).1,
                ..CpuStatus::default()
            };
        }
        s.spec_unavail = self.plan.specs.unavailable();
        s.ncpus = self.plan.cpus.len().min(STATUS_CPUS) as u32;
        s
    }
}

/// Where in a clause a fault happened, as DTrace numbers it: 0 the
/// predicate, N the Nth action. A clause's actions are one program here,
/// so they are all action #1.
#[derive(Clone, Copy)]
struct FaultSite(u8);

impl FaultSite {
    const PREDICATE: FaultSite = FaultSite(0);
    const ACTIONS: FaultSite = FaultSite(1);
}

impl Drop for Tracing {
    fn drop(&mut self) {
        // Timers, tracepoints, kprobes and uprobes first: their callbacks read the plan.
        self.timers.cancel();
        self.tracepoints.detach();
        drop(core::mem::replace(&mut self.kprobes, Kprobes::none()));
        drop(core::mem::replace(&mut self.uprobes, Uprobes::none()));
        // SAFETY: `hooks` came from `rdtrace_hooks_new` (or is null, which
        // the free accepts); after it returns no callback uses `self`.
        unsafe { bindings::rdtrace_hooks_free(self.hooks) };
        // No hit runs now; no thread-exit probe may run once `plan` goes.
        drop(self.thread_exit.take());
    }
}

/// Called by the kprobe and uprobe hooks for every hit, with ftrace's or
/// the kprobe's recursion guard held and the stack origin set.
///
/// # Safety
///
/// `owner` is a live [`Tracing`] whose hooks are attached (so it is not
/// being dropped: `drop` detaches first), `args` points at 6 values,
/// preemption is disabled and `cpu` is the CPU this runs on.
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_hook_hit(
    owner: *mut core::ffi::c_void,
    kind: u32,
    cpu: u32,
    ip: core::ffi::c_ulong,
    parent_ip: core::ffi::c_ulong,
    args: *const u64,
) {
    // SAFETY: by the function's contract.
    let (t, args) = unsafe { (&*owner.cast::<Tracing>(), &*args.cast::<[u64; 6]>()) };
    t.hit(kind, cpu as usize, ip as u64, parent_ip as u64, args);
}

/// `hooks.c`'s fbt return hit (`RDTRACE_HOOK_RETURN`) at `site`.
///
/// # Safety
///
/// As for [`rdtrace_hook_hit`], but no guard is held beyond what
/// `site.lock` says (`hooks.h`), and `site` points at a valid site.
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_hook_return_hit(
    owner: *mut core::ffi::c_void,
    cpu: u32,
    site: *const HitSite,
    args: *const u64,
) {
    // SAFETY: by the function's contract.
    let (t, site, args) = unsafe { (&*owner.cast::<Tracing>(), &*site, &*args.cast::<[u64; 6]>()) };
    t.fbt_hit::<PROBE_RETURN>(cpu as usize, site, args);
}

/// `hooks.c`'s fbt entry hit (`RDTRACE_HOOK_ENTRY`) at `site`.
///
/// # Safety
///
/// As for [`rdtrace_hook_return_hit`].
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_hook_entry_hit(
    owner: *mut core::ffi::c_void,
    cpu: u32,
    site: *const HitSite,
    args: *const u64,
) {
    // SAFETY: by the function's contract.
    let (t, site, args) = unsafe { (&*owner.cast::<Tracing>(), &*site, &*args.cast::<[u64; 6]>()) };
    t.fbt_hit::<PROBE_ENTRY>(cpu as usize, site, args);
}

/// `hooks.c`'s count of a hit ftrace's recursion lock refused: dropped
/// like a nested hit, and counted with them.
///
/// # Safety
///
/// `owner` is the live [`Tracing`] that passed it to `rdtrace_hooks_fire`.
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_hook_refused(owner: *mut core::ffi::c_void, cpu: u32) {
    // SAFETY: by the function's contract.
    let t = unsafe { &*owner.cast::<Tracing>() };
    if let Some(cs) = t.plan.cpus.get(cpu as usize) {
        cs.count_nested();
    }
}

/// `hooks.c`'s general path of an fbt hit ([`Tracing::fbt_fire`]), under
/// the recursion lock and with the stack origin set.
///
/// # Safety
///
/// `owner`, `targets` (`n` of them) and `args` are what
/// [`Tracing::fbt_fire`] passed to `rdtrace_hooks_fire`, which is running.
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_hook_fire(
    owner: *mut core::ffi::c_void,
    cpu: u32,
    targets: *const core::ffi::c_void,
    n: usize,
    args: *const u64,
    caller: core::ffi::c_ulong,
) {
    // SAFETY: by the function's contract: a live Tracing and the slice and
    // arguments it passed, unchanged.
    let (t, targets, args) = unsafe {
        (&*owner.cast::<Tracing>(), core::slice::from_raw_parts(targets.cast::<Target>(), n), &*args.cast::<[u64; 6]>())
    };
    t.run_targets_on(cpu as usize, targets, args, caller as u64);
}

/// One hook's address list (hooks.h): `table`'s sites but the called ones,
/// then every called site. Copied whole when no site is called (every
/// function probed, one by one, was 1.8M instructions at GO).
fn hook_list(table: &ProbeTable, called: &CalledReturns) -> Result<KVVec<usize>> {
    let mut list = KVVec::with_capacity(table.addrs().len() + called.addrs().len(), GFP_KERNEL)?;
    if called.addrs().is_empty() {
        list.extend_from_slice(table.addrs(), GFP_KERNEL)?;
        return Ok(list);
    }
    for &a in table.addrs().iter().filter(|&&a| !called.contains(a as u64)) {
        list.push(a, GFP_KERNEL)?;
    }
    for &a in called.addrs() {
        list.push(a as usize, GFP_KERNEL)?;
    }
    Ok(list)
}
