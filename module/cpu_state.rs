// SPDX-License-Identifier: GPL-2.0

//! What each CPU owns while tracing: its ring, its counters, and the record
//! and string scratch a probe handler writes into before committing.

use crate::ring::Ring;
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use kernel::alloc::KVVec;
use kernel::prelude::*;

/// Bytes of record staging per CPU: the largest record one clause writes
/// (a record also has to fit in half the buffer).
pub(crate) const RECORD_MAX: usize = 16384;
/// Least bytes of DIF string scratch per CPU: a clause's string results
/// and loads accumulate until it ends (twenty calls on 128-byte strings
/// fit).
pub(crate) const SCRATCH: usize = 16384;

/// One CPU's state. The handler that holds the [`Claim`] owns `staging`.
pub(crate) struct CpuState {
    in_probe: AtomicBool,
    pub(crate) ring: Ring,
    pub(crate) errors: AtomicU64,
    pub(crate) nested: AtomicU64,
    /// Dynamic-variable stores dropped for want of space.
    pub(crate) dynvar_drops: AtomicU64,
    /// Aggregation updates dropped for want of space.
    pub(crate) agg_drops: AtomicU64,
    /// This CPU's aggregation table (`crate::aggs::table`).
    pub(crate) aggs: KVVec<AtomicU64>,
    /// Per EPID, where its fixed-key aggregation's entry is in `aggs`
    /// (`AggTable::update_cached`); empty unless a clause has one.
    pub(crate) agg_cache: KVVec<AtomicU64>,
    rng: AtomicU64,
    staging: UnsafeCell<KVVec<u8>>,
}

// SAFETY: `staging` is only reached through a `Claim`, and at most one
// `Claim` exists per CPU state at a time (the `in_probe` flag).
unsafe impl Sync for CpuState {}
// SAFETY: as above; the fields are owned heap memory and atomics.
unsafe impl Send for CpuState {}

impl CpuState {
    /// A CPU state with a ring of `bufsize` bytes, string scratch for
    /// strings of `strsize` bytes, `agg_bytes` of aggregation table and
    /// `agg_epids` notes of fixed-key entries.
    pub(crate) fn new(
        cpu: usize,
        bufsize: usize,
        policy: u32,
        strsize: usize,
        agg_bytes: usize,
        agg_epids: usize,
    ) -> Result<CpuState> {
        // Room for eight string results of a program run at any strsize.
        let scratch = SCRATCH.max(strsize.saturating_mul(8));
        Ok(CpuState {
            in_probe: AtomicBool::new(false),
            ring: Ring::new(bufsize, policy)?,
            errors: AtomicU64::new(0),
            nested: AtomicU64::new(0),
            dynvar_drops: AtomicU64::new(0),
            agg_drops: AtomicU64::new(0),
            aggs: zeroed_words(agg_bytes / 8)?,
            agg_cache: zeroed_words(agg_epids)?,
            rng: AtomicU64::new(0x9e37_79b9_7f4a_7c15 ^ (cpu as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9) | 1),
            staging: UnsafeCell::new(KVVec::from_elem(0u8, RECORD_MAX + scratch, GFP_KERNEL)?),
        })
    }

    /// A pseudo-random number (xorshift; the kernel's RNG is not NMI-safe).
    pub(crate) fn rand(&self) -> u64 {
        let mut x = self.rng.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng.store(x, Ordering::Relaxed);
        x
    }

    /// Claims the CPU for one probe hit; `None` (counted) if a hit is
    /// already running here (an interrupt or NMI inside a handler).
    pub(crate) fn claim(&self) -> Option<Claim<'_>> {
        if self.in_probe.swap(true, Ordering::Acquire) {
            self.count_nested();
            return None;
        }
        Some(Claim { cpu: self })
    }

    /// Counts a hit dropped because another was running here (or, from
    /// `hooks.c`, because ftrace's recursion lock refused it).
    #[inline(always)]
    pub(crate) fn count_nested(&self) {
        self.nested.fetch_add(1, Ordering::Relaxed);
    }
}

fn zeroed_words(n: usize) -> Result<KVVec<AtomicU64>> {
    let mut v = KVVec::with_capacity(n, GFP_KERNEL)?;
    for _ in 0..n {
        v.push(AtomicU64::new(0), GFP_KERNEL)?;
    }
    Ok(v)
}

/// Exclusive use of a CPU's scratch for one hit; released on drop.
pub(crate) struct Claim<'a> {
    cpu: &'a CpuState,
}

impl Claim<'_> {
    /// The record staging and string scratch areas.
    pub(crate) fn buffers(&mut self) -> (&mut [u8], &mut [u8]) {
        // SAFETY: this `Claim` is the only one for the CPU state (the
        // `in_probe` flag), and `&mut self` makes the borrow unique.
        let v = unsafe { &mut *self.cpu.staging.get() };
        v.as_mut_slice().split_at_mut(RECORD_MAX)
    }

}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.cpu.in_probe.store(false, Ordering::Release);
    }
}
