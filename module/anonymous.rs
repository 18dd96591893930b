// SPDX-License-Identifier: GPL-2.0

//! Anonymous (always-on) tracing, DTrace's `dtrace -A`: the enabling that
//! the `anonymous` module parameter names (`anonymous.c`) is enabled and
//! started when the module loads, before any consumer exists. Its records
//! wait in the per-CPU buffers (drops counted when they fill) and its
//! aggregations in the tables, with no deadman, until a consumer claims
//! the session through `/dev/rdtrace` (CLAIM, `rdtrace -a`): from then on
//! it is that file's session, as if it had enabled it itself.
//!
//! The unclaimed session lives behind one atomic pointer: CLAIM takes it
//! with a swap, so exactly one consumer gets it, and the module's exit
//! drops it if nobody did.

use crate::bindings;
use crate::kapi::tracing_of_blob;
use crate::load::FixedWriter;
use crate::tracing::Tracing;
use crate::wakeup::Wakeup;
use core::fmt::Write;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::alloc::KVVec;
use kernel::prelude::*;

/// The anonymous session, unclaimed or claimed.
pub(crate) struct Anonymous {
    /// Declared first: dropped before `wakeup`, which its probes notify.
    pub(crate) tracing: KBox<Tracing>,
    pub(crate) wakeup: Wakeup,
    /// The enabling, for the consumer that claims it to print with.
    pub(crate) blob: KVVec<u8>,
}

/// The unclaimed session, a `KBox<Anonymous>` turned raw, or null.
static UNCLAIMED: AtomicPtr<Anonymous> = AtomicPtr::new(core::ptr::null_mut());

/// Takes the unclaimed session, if there is one.
pub(crate) fn claim() -> Option<KBox<Anonymous>> {
    let raw = UNCLAIMED.swap(core::ptr::null_mut(), Ordering::AcqRel);
    if raw.is_null() {
        return None;
    }
    // SAFETY: a non-null value came from `KBox::into_raw` in `start`, and
    // the swap made this its only taker.
    Some(unsafe { KBox::from_raw(raw) })
}

/// Owns the unclaimed session for the module: dropped at module exit.
pub(crate) struct Slot;

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(anon) = claim() {
            anon.tracing.stop();
            pr_info!("anonymous tracing was never claimed: its records are dropped\n");
        }
    }
}

/// Starts the anonymous enabling, if the parameter names one. A refused
/// or unreadable enabling is reported in the kernel log and the module
/// loads without it: always-on tracing must not cost the device.
pub(crate) fn start() -> Slot {
    // SAFETY: no preconditions.
    if unsafe { bindings::rdtrace_anon_path() }.is_null() {
        return Slot;
    }
    let mut err = [0u8; 128];
    match build(&mut err) {
        Ok(anon) => {
            let raw = KBox::into_raw(anon);
            UNCLAIMED.store(raw, Ordering::Release);
            pr_info!("anonymous tracing started\n");
        }
        Err(e) => {
            // SAFETY: the parameter's string, checked non-null above; module
            // parameters stay as they are during init.
            let path = unsafe { kernel::str::CStr::from_char_ptr(bindings::rdtrace_anon_path()) };
            let msg = core::str::from_utf8(crate::abi::until_nul(&err)).unwrap_or("");
            pr_err!("anonymous enabling refused: {}: {} (errno {})\n", path, msg, -e.to_errno());
        }
    }
    Slot
}

fn build(err: &mut [u8]) -> Result<KBox<Anonymous>> {
    let mut raw: *mut core::ffi::c_void = core::ptr::null_mut();
    // SAFETY: `raw` is a valid out pointer; process context (module init).
    let n = unsafe { bindings::rdtrace_anon_read(&mut raw) };
    if n < 0 {
        let _ = FixedWriter::new(err).write_str("the file cannot be read");
        return Err(Error::from_errno(n as i32));
    }
    let blob = {
        // SAFETY: the read gave `n` bytes at `raw`, ours until freed below.
        let bytes = unsafe { core::slice::from_raw_parts(raw.cast::<u8>(), n as usize) };
        let mut v = KVVec::new();
        let copied = v.extend_from_slice(bytes, GFP_KERNEL);
        // SAFETY: from `rdtrace_anon_read`; not used after.
        unsafe { bindings::rdtrace_anon_free(raw) };
        copied?;
        v
    };
    let wakeup = Wakeup::new()?;
    let (tracing, _) = tracing_of_blob(&blob, wakeup.handle(), err)?;
    tracing.disarm_deadman();
    tracing.go()?;
    Ok(KBox::new(Anonymous { tracing, wakeup, blob }, GFP_KERNEL)?)
}

