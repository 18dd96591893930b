// SPDX-License-Identifier: GPL-2.0

//! The in-kernel consumer API (`uapi/rdtrace_kapi.h`): another module opens
//! a [`KernelSession`] from an enabling blob (`crate::enabling`), starts
//! it, and gets every record through its callback from the drain work, a
//! worker thread -- never in probe context. The session is built by the
//! very `enable::plan` the ENABLE ioctl uses, over a [`BlobSource`].
//!
//! `kapi.c` only exports the C entry points and runs the drain work; the
//! state is all here. The `extern "C"` functions at the end are the only
//! place raw pointers become a session.

use crate::bindings;
use crate::enable::{self, BlobSource};
use crate::enabling::Enabling;
use crate::load::FixedWriter;
use crate::trace::record::HEADER;
use crate::trace::{STATE_ENABLED, STATE_STOPPED};
use crate::tracing::Tracing;
use crate::trace::EnableArgs;
use crate::wakeup::{WakeHandle, Wakeup};
use core::ffi::{c_char, c_int, c_uint, c_void};
use core::fmt::Write;
use core::pin::Pin;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel::alloc::KVVec;
use kernel::new_mutex;
use kernel::prelude::*;
use kernel::sync::Mutex;
use kernel::types::ForeignOwnable;

/// Bytes read from a CPU's buffer per copy: whole records, as READ's.
const DRAIN_BUF: usize = 1 << 20;

// The header promises a buffer of this size holds any CPU's snapshot.
const _: () = assert!(bindings::RDTRACE_KAPI_AGGSNAP_BYTES as usize == crate::aggs::AGG_BYTES_PER_CPU);

/// The drain work item (`kapi.c`), stopped and freed on drop.
///
/// # Invariants
///
/// `raw` came from `rdtrace_drainer_new`.
struct Drainer {
    raw: *mut bindings::rdtrace_drainer,
}

impl Drainer {
    fn new(period_ms: u32) -> Result<Drainer> {
        // SAFETY: no preconditions; process context.
        let raw = unsafe { bindings::rdtrace_drainer_new(core::ptr::null_mut(), period_ms) };
        if raw.is_null() {
            return Err(ENOMEM);
        }
        // INVARIANT: just created.
        Ok(Drainer { raw })
    }
}

impl Drop for Drainer {
    fn drop(&mut self) {
        // SAFETY: valid (invariant); after it returns no drain pass runs.
        unsafe { bindings::rdtrace_drainer_free(self.raw) };
    }
}

/// A kernel consumer's session.
///
/// # Invariants
///
/// Once started, the drain work's owner is this pinned value; `drainer` is
/// declared first so that it is stopped before any other field drops.
#[pin_data]
pub(crate) struct KernelSession {
    drainer: Drainer,
    /// The drain buffer; its lock serialises drain passes.
    #[pin]
    drain: Mutex<KVVec<u8>>,
    /// Dropped before `wakeup` (declaration order): its probes notify it.
    tracing: KBox<Tracing>,
    /// Nobody sleeps on it: the drain work polls. `Tracing` needs one.
    wakeup: Wakeup,
    ops: bindings::rdtrace_kapi_ops,
    ctx: *mut c_void,
    /// At most this many bytes per CPU per pass, as `rdtrace` drains.
    bufsize: u64,
    delivered: AtomicU64,
    consumer_drops: AtomicU64,
}

// SAFETY: `ctx` and `ops` are the consumer's, promised usable from any
// thread (uapi/rdtrace_kapi.h); the drainer is a work item; the rest is
// `Tracing` (Send + Sync), a lock and atomics.
unsafe impl Send for KernelSession {}
// SAFETY: as above.
unsafe impl Sync for KernelSession {}

impl KernelSession {
    /// Verifies and enables `bytes`; a refusal's reason goes into `err`.
    fn open(
        bytes: &[u8],
        ops: &bindings::rdtrace_kapi_ops,
        ctx: *mut c_void,
        drain_ms: u32,
        err: &mut [u8],
    ) -> Result<Pin<KBox<KernelSession>>> {
        let wakeup = Wakeup::new()?;
        let (tracing, args) = tracing_of_blob(bytes, wakeup.handle(), err)?;
        let period = if drain_ms == 0 { bindings::RDTRACE_KAPI_DRAIN_MS } else { drain_ms };
        let drainer = Drainer::new(period)?;
        let buf = KVVec::from_elem(0u8, DRAIN_BUF, GFP_KERNEL)?;
        KBox::pin_init(
            pin_init!(KernelSession {
                drainer,
                drain <- new_mutex!(buf),
                tracing,
                wakeup,
                ops: *ops,
                ctx,
                bufsize: args.bufsize,
                delivered: AtomicU64::new(0),
                consumer_drops: AtomicU64::new(0),
            }),
            GFP_KERNEL,
        )
    }

    /// GO, then the drain work.
    fn start(self: Pin<&Self>) -> Result {
        self.tracing.go()?;
        let owner: *const KernelSession = &*self;
        // SAFETY: the drainer is valid (invariant) and `owner` is pinned
        // and outlives it: `drainer` is stopped first when it drops.
        unsafe { bindings::rdtrace_drainer_start(self.drainer.raw, owner.cast_mut().cast()) };
        Ok(())
    }

    /// Stops the drain work and the probes (END fires), then delivers
    /// what is left.
    fn stop(&self) {
        // SAFETY: valid (invariant); process context.
        unsafe { bindings::rdtrace_drainer_stop(self.drainer.raw) };
        let state = self.tracing.state();
        if state != STATE_STOPPED && state != STATE_ENABLED {
            self.tracing.stop();
            // The consumer itself asked (its exit may be running, so its
            // module cannot be got): its code is there for this call.
            self.drain(false);
        }
    }

    /// One pass: every CPU's records to the consumer, in each CPU's order.
    /// From the drain work (`from_work`), a module on its way out gets
    /// nothing more; no reference is held (see `rdtrace_kapi_module_live`):
    /// its exit stops the session, which waits for this pass.
    fn drain(&self, from_work: bool) {
        let mut buf = self.drain.lock();
        // SAFETY: `owner` is the consumer's module or NULL; a session's
        // owner stays loaded until it closes the session (the API's rule).
        let live = !from_work || unsafe { bindings::rdtrace_kapi_module_live(self.ops.owner) };
        for cpu in 0..self.tracing.ncpus() {
            let mut budget = self.bufsize;
            while budget > 0 {
                let n = self.tracing.read(cpu, buf.as_mut_slice());
                if n == 0 {
                    break;
                }
                self.deliver(cpu, buf.get(..n).unwrap_or(&[]), live);
                budget = budget.saturating_sub(n as u64);
            }
        }
        if live {
            if let Some(drained) = self.ops.drained {
                // SAFETY: the consumer's callback with its context; its
                // module's exit waits for this pass before going on.
                unsafe { drained(self.ctx) };
            }
        }
    }

    /// Hands each whole record in `bytes` to the consumer (or counts it
    /// dropped when its module is going away).
    fn deliver(&self, cpu: usize, bytes: &[u8], live: bool) {
        let mut at = 0usize;
        while let Some(size) = bytes.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize) {
            let Some(rec) = bytes.get(at..at + size).filter(|_| size >= HEADER) else { break };
            let taken = match self.ops.record {
                // SAFETY: the consumer's callback, its module held for the
                // pass; `rec` is valid for the call.
                Some(f) if live => (unsafe { f(self.ctx, cpu as c_uint, rec.as_ptr().cast(), rec.len()) }) == 0,
                _ => false,
            };
            let counter = if taken { &self.delivered } else { &self.consumer_drops };
            counter.fetch_add(1, Ordering::Relaxed);
            at += size;
        }
    }

    /// `cpu`'s aggregation snapshot into `out`: the bytes, or why not.
    fn aggsnap(&self, cpu: usize, out: &mut [u8]) -> Result<usize> {
        let needed = self.tracing.agg_snapshot_len(cpu).ok_or(EINVAL)?;
        if needed == 0 {
            return Ok(0);
        }
        // The tables only grow: 0 here means they outgrew `out`.
        match self.tracing.agg_snapshot(cpu, out) {
            0 => Err(ENOSPC),
            n => Ok(n),
        }
    }

    fn stats(&self) -> bindings::rdtrace_kapi_stats {
        let st = self.tracing.status();
        let cpus = st.cpus.get(..st.ncpus as usize).unwrap_or(&[]);
        let sum = |f: fn(&crate::trace::CpuStatus) -> u64| cpus.iter().map(f).sum::<u64>();
        bindings::rdtrace_kapi_stats {
            delivered: self.delivered.load(Ordering::Relaxed),
            consumer_drops: self.consumer_drops.load(Ordering::Relaxed),
            drops: sum(|c| c.drops),
            errors: sum(|c| c.errors),
            dynvar_drops: sum(|c| c.dynvar_drops),
            agg_drops: sum(|c| c.agg_drops),
            exit_status: st.exit_status,
            state: st.state,
            ncpus: st.ncpus,
        }
    }
}

/// The (not yet started) tracing of an enabling blob, waking `wake`, with
/// the enabling's options; a refusal's reason goes into `err`. Built by
/// the very `enable::plan` the ENABLE ioctl uses.
pub(crate) fn tracing_of_blob(bytes: &[u8], wake: WakeHandle, err: &mut [u8]) -> Result<(KBox<Tracing>, EnableArgs)> {
    let enabling = Enabling::parse(bytes).map_err(|e| {
        let _ = write!(FixedWriter::new(err), "{e}");
        EINVAL
    })?;
    let mut args = enabling.args();
    let plan = enable::plan(&mut args, &mut BlobSource::new(enabling)).map_err(|refusal| {
        let msg = crate::abi::until_nul(&args.message);
        let mut w = FixedWriter::new(err);
        let _ = w.write_str(core::str::from_utf8(msg).unwrap_or("refused"));
        refusal.errno
    })?;
    let mut tracing = Tracing::new(plan, args.deadman_ms, wake)?;
    tracing.register_kprobes(&mut args).map_err(|refusal| {
        let msg = crate::abi::until_nul(&args.message);
        let _ = FixedWriter::new(err).write_str(core::str::from_utf8(msg).unwrap_or("refused"));
        refusal.errno
    })?;
    Ok((tracing, args))
}

/// The session behind a pointer `rdtrace_kapi_rs_open` returned.
///
/// # Safety
///
/// `s` came from `rdtrace_kapi_rs_open` and was not closed.
unsafe fn session<'a>(s: *mut c_void) -> Pin<&'a KernelSession> {
    // SAFETY: by the function's contract, `s` is a live `into_foreign`.
    unsafe { Pin::<KBox<KernelSession>>::borrow(s) }
}

/// # Safety
///
/// `enabling` points at `len` readable bytes, `ops` at a valid ops struct,
/// `err` at `errlen` writable bytes (or is NULL), `errno_out` is valid.
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_kapi_rs_open(
    enabling: *const c_void,
    len: usize,
    ops: *const bindings::rdtrace_kapi_ops,
    ctx: *mut c_void,
    drain_ms: c_uint,
    err: *mut c_char,
    errlen: usize,
    errno_out: *mut c_int,
) -> *mut c_void {
    if len > crate::enabling::MAX_ENABLING {
        // SAFETY: valid by the contract.
        unsafe { *errno_out = E2BIG.to_errno() };
        return core::ptr::null_mut();
    }
    // SAFETY: by the contract.
    let (bytes, ops) = unsafe { (core::slice::from_raw_parts(enabling.cast::<u8>(), len), &*ops) };
    let mut none = [0u8; 0];
    let err: &mut [u8] = if err.is_null() {
        &mut none
    } else {
        // SAFETY: by the contract.
        unsafe { core::slice::from_raw_parts_mut(err.cast::<u8>(), errlen) }
    };
    match KernelSession::open(bytes, ops, ctx, drain_ms, err) {
        Ok(s) => s.into_foreign().cast_mut(),
        Err(e) => {
            // SAFETY: valid by the contract.
            unsafe { *errno_out = e.to_errno() };
            core::ptr::null_mut()
        }
    }
}

/// # Safety
///
/// As [`session`].
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_kapi_rs_start(s: *mut c_void) -> c_int {
    // SAFETY: by the contract.
    match unsafe { session(s) }.start() {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// # Safety
///
/// As [`session`].
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_kapi_rs_stop(s: *mut c_void) {
    // SAFETY: by the contract.
    unsafe { session(s) }.stop();
}

/// # Safety
///
/// As [`session`]; `st` is valid for writes.
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_kapi_rs_stats(s: *mut c_void, st: *mut bindings::rdtrace_kapi_stats) {
    // SAFETY: by the contract.
    let stats = unsafe { session(s) }.stats();
    // SAFETY: by the contract.
    unsafe { st.write(stats) };
}

/// # Safety
///
/// As [`session`]; `buf` points at `len` writable bytes.
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_kapi_rs_aggsnap(
    s: *mut c_void,
    cpu: c_uint,
    buf: *mut c_void,
    len: usize,
) -> core::ffi::c_long {
    let mut none = [0u8; 0];
    let out: &mut [u8] = if buf.is_null() {
        &mut none
    } else {
        // SAFETY: by the contract.
        unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), len) }
    };
    // SAFETY: by the contract.
    match unsafe { session(s) }.aggsnap(cpu as usize, out) {
        Ok(n) => n as core::ffi::c_long,
        Err(e) => e.to_errno() as core::ffi::c_long,
    }
}

/// # Safety
///
/// As [`session`]; `s` is not used again.
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_kapi_rs_close(s: *mut c_void) {
    // SAFETY: by the contract: ours again, once.
    let session = unsafe { Pin::<KBox<KernelSession>>::from_foreign(s) };
    session.stop();
    drop(session);
}

/// # Safety
///
/// `owner` is the session the drain work was started with, alive until
/// the work is stopped (see [`KernelSession::start`]).
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_kapi_rs_drain(owner: *mut c_void) {
    // SAFETY: by the contract.
    unsafe { &*owner.cast::<KernelSession>() }.drain(true);
}
