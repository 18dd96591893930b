// SPDX-License-Identifier: GPL-2.0

//! The tracepoint provider's probes: `tracepoint:SUBSYS::NAME` on the
//! kernel's static tracepoint NAME, one registration per tracepoint a
//! session probes (`tracepoints.c`); a firing reaches [`Tracing`] through
//! [`rdtrace_tp_hit`] with the tracepoint's `TP_PROTO` arguments.
//!
//! [`Tracing`]: crate::tracing::Tracing

use crate::bindings;
use crate::probe_table::Target;
use crate::trace::FUNCTION_LEN;
use kernel::alloc::KVec;
use kernel::prelude::*;

/// One tracepoint of an ENABLE and the clauses it fires.
pub(crate) struct TracepointProbe {
    /// The probe's ID: clauses on one probe share its registration.
    pub(crate) id: u32,
    /// The tracepoint's name, NUL-terminated.
    pub(crate) name: [u8; FUNCTION_LEN],
    /// How many arguments its `TP_PROTO` has.
    pub(crate) nargs: u32,
    /// The (probe, clause) pairs to run, in ENABLE order.
    pub(crate) targets: KVec<Target>,
}

/// Whether vmlinux has a tracepoint named by the NUL-terminated `name`.
pub(crate) fn exists(name: &[u8; FUNCTION_LEN]) -> bool {
    if !name.contains(&0) {
        return false;
    }
    // SAFETY: `name` is NUL-terminated (checked above) and only read.
    unsafe { bindings::rdtrace_tps_exists(name.as_ptr().cast()) }
}

/// The registrations of one session's tracepoint probes.
///
/// # Invariants
///
/// `raw` is null or came from `rdtrace_tps_new` and is freed once, in
/// `drop`.
pub(crate) struct Tracepoints {
    raw: *mut bindings::rdtrace_tps,
}

// SAFETY: the C side is only used from process context by the session
// that owns it (under its lock); the callbacks only read it.
unsafe impl Send for Tracepoints {}
// SAFETY: as above.
unsafe impl Sync for Tracepoints {}

impl Tracepoints {
    /// No tracepoints (a session without them, or not yet built).
    pub(crate) const fn none() -> Tracepoints {
        Tracepoints { raw: core::ptr::null_mut() }
    }

    /// One registration per probe, none registered yet. The firing names
    /// the index into `probes` and passes `owner` back.
    ///
    /// # Safety
    ///
    /// `owner` must outlive the returned value's registrations: they call
    /// [`rdtrace_tp_hit`] with it until detached.
    pub(crate) unsafe fn new(owner: *mut core::ffi::c_void, probes: &[TracepointProbe]) -> Result<Tracepoints> {
        if probes.is_empty() {
            return Ok(Tracepoints::none());
        }
        // SAFETY: no preconditions; `owner`'s lifetime is the caller's promise.
        let raw = unsafe { bindings::rdtrace_tps_new(owner, probes.len() as u32) };
        if raw.is_null() {
            return Err(ENOMEM);
        }
        let t = Tracepoints { raw };
        for (i, p) in probes.iter().enumerate() {
            if !p.name.contains(&0) {
                return Err(EINVAL);
            }
            // SAFETY: `raw` is valid (invariant); the name is NUL-terminated
            // (checked above) and only read during the call.
            let err = unsafe { bindings::rdtrace_tps_set(t.raw, i as u32, p.name.as_ptr().cast(), p.nargs) };
            kernel::error::to_result(err)?;
        }
        Ok(t)
    }

    /// Registers every probe. Process context.
    pub(crate) fn attach(&self) -> Result {
        if self.raw.is_null() {
            return Ok(());
        }
        // SAFETY: `raw` is valid (invariant).
        kernel::error::to_result(unsafe { bindings::rdtrace_tps_attach(self.raw) })
    }

    /// Unregisters every probe and waits for running callbacks. Process
    /// context.
    pub(crate) fn detach(&self) {
        if !self.raw.is_null() {
            // SAFETY: `raw` is valid (invariant).
            unsafe { bindings::rdtrace_tps_detach(self.raw) };
        }
    }
}

impl Drop for Tracepoints {
    fn drop(&mut self) {
        // SAFETY: `raw` is null or valid and not freed before (invariant);
        // the free detaches first, so no callback runs after it.
        unsafe { bindings::rdtrace_tps_free(self.raw) };
    }
}

/// Called by `tracepoints.c` when a probed tracepoint fires.
///
/// # Safety
///
/// `owner` is the live [`Tracing`] the registrations were made for (it
/// detaches them before it is dropped), `args` points at
/// `RDTRACE_TP_NARGS` (6) values, preemption is off and `cpu` is the CPU
/// this runs on.
///
/// [`Tracing`]: crate::tracing::Tracing
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_tp_hit(owner: *mut core::ffi::c_void, probe: u32, cpu: u32, args: *const u64) {
    // SAFETY: by the function's contract.
    let (t, args) = unsafe { (&*owner.cast::<crate::tracing::Tracing>(), &*args.cast::<[u64; 6]>()) };
    t.fire_tracepoint(probe as usize, cpu as usize, args);
}
