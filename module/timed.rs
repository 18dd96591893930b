// SPDX-License-Identifier: GPL-2.0

//! The profile provider's probes: `tick-N` fires on one CPU every period,
//! `profile-N` on every online CPU. Each is an hrtimer (`timers.c`), pinned
//! and expiring in hard-irq mode; the firing reaches [`Tracing`] through
//! [`rdtrace_timer_fire`].
//!
//! [`Tracing`]: crate::tracing::Tracing

use crate::bindings;
use crate::probe_table::Target;
use crate::trace::PROBE_PROFILE;
use kernel::alloc::KVec;
use kernel::prelude::*;

/// One tick or profile probe of an ENABLE and the clauses it fires.
pub(crate) struct TimedProbe {
    /// The probe's ID: every clause on it shares one timer.
    pub(crate) id: u32,
    /// `PROBE_TICK` or `PROBE_PROFILE`.
    pub(crate) kind: u32,
    /// The period in ns.
    pub(crate) period_ns: u64,
    /// The (probe, clause) pairs to run, in ENABLE order.
    pub(crate) targets: KVec<Target>,
}

/// The timers of one session's timed probes.
///
/// # Invariants
///
/// `raw` is null or came from `rdtrace_timers_new` and is freed once, in
/// `drop`.
pub(crate) struct Timers {
    raw: *mut bindings::rdtrace_timers,
}

// SAFETY: the C side is only used from process context by the session
// that owns it (under its lock); the callbacks touch only their timer.
unsafe impl Send for Timers {}
// SAFETY: as above.
unsafe impl Sync for Timers {}

impl Timers {
    /// No timers (a session without timed probes, or not yet built).
    pub(crate) const fn none() -> Timers {
        Timers { raw: core::ptr::null_mut() }
    }

    /// One timer per tick probe and one per possible CPU per profile probe
    /// (only online CPUs' start), none started. The firing names the index
    /// into `probes` and passes `owner` back.
    ///
    /// # Safety
    ///
    /// `owner` must outlive the returned value's started timers: they
    /// call [`rdtrace_timer_fire`] with it until cancelled.
    pub(crate) unsafe fn new(owner: *mut core::ffi::c_void, probes: &[TimedProbe], ncpus: u32) -> Result<Timers> {
        if probes.is_empty() {
            return Ok(Timers::none());
        }
        let mut specs = KVec::new();
        for (i, p) in probes.iter().enumerate() {
            let spec = |cpu| bindings::rdtrace_timer_spec { period_ns: p.period_ns, probe: i as u32, cpu };
            if p.kind == PROBE_PROFILE {
                for cpu in 0..ncpus {
                    specs.push(spec(cpu as i32), GFP_KERNEL)?;
                }
            } else {
                specs.push(spec(bindings::RDTRACE_TIMER_ANY_CPU), GFP_KERNEL)?;
            }
        }
        // SAFETY: `specs` holds `len` initialised specs, read only during
        // the call; `owner`'s lifetime is the caller's promise.
        let raw = unsafe { bindings::rdtrace_timers_new(owner, specs.as_ptr(), specs.len() as u32) };
        if raw.is_null() {
            return Err(ENOMEM);
        }
        Ok(Timers { raw })
    }

    /// Starts every timer: each profile probe's on every CPU while it is
    /// online. Process context.
    pub(crate) fn start(&self) -> Result {
        if self.raw.is_null() {
            return Ok(());
        }
        // SAFETY: `raw` is valid (invariant).
        kernel::error::to_result(unsafe { bindings::rdtrace_timers_start(self.raw) })
    }

    /// Stops every timer and waits for running callbacks. Process context.
    pub(crate) fn cancel(&self) {
        if !self.raw.is_null() {
            // SAFETY: `raw` is valid (invariant).
            unsafe { bindings::rdtrace_timers_cancel(self.raw) };
        }
    }
}

impl Drop for Timers {
    fn drop(&mut self) {
        // SAFETY: `raw` is null or valid and not freed before (invariant);
        // the free cancels first, so no callback runs after it.
        unsafe { bindings::rdtrace_timers_free(self.raw) };
    }
}

/// The CPU hotplug state that starts and stops each CPU's profile timers
/// as it comes and goes: registered while the module is loaded.
pub(crate) struct Hotplug(());

impl Hotplug {
    /// Registers the state. Module init.
    pub(crate) fn register() -> Result<Hotplug> {
        // SAFETY: no preconditions; undone by `drop`.
        kernel::error::to_result(unsafe { bindings::rdtrace_timers_init() })?;
        Ok(Hotplug(()))
    }
}

impl Drop for Hotplug {
    fn drop(&mut self) {
        // SAFETY: registered in `register`. No session is open (the device
        // is gone and each open file holds the module), so no instance is.
        unsafe { bindings::rdtrace_timers_exit() };
    }
}

/// Called by `timers.c` when a timer expires.
///
/// # Safety
///
/// `owner` is the live [`Tracing`] the timers were created for (it cancels
/// them before it is dropped); hard-irq context.
///
/// [`Tracing`]: crate::tracing::Tracing
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_timer_fire(owner: *mut core::ffi::c_void, probe: u32, pc: u64, upc: u64, late: u64) {
    // SAFETY: by the function's contract.
    let t = unsafe { &*owner.cast::<crate::tracing::Tracing>() };
    t.fire_timed(probe as usize, pc, upc, late);
}
