// SPDX-License-Identifier: GPL-2.0

//! Speculative buffers (DTrace's `speculation()`, `speculate()`,
//! `commit()`, `discard()`): `nspec` speculations, each with a buffer of
//! `specsize` bytes on every CPU, all preallocated at ENABLE.
//!
//! A speculation's state is one atomic word, its generation and its
//! phase. `speculation()` moves a free one to ACTIVE with a new
//! generation; a clause that speculated appends its finished record to
//! its CPU's buffer of that speculation; `discard()` frees it at once
//! (buffers still holding the old generation are emptied by their next
//! append); `commit()` holds it COMMITTING while it moves every CPU's
//! records of that generation into the committing CPU's principal ring,
//! then frees it.
//!
//! Probe-context safe: no allocation, no sleeping, and no lock shared with
//! process context. Each (speculation, CPU) buffer has a `busy` flag taken
//! with a swap: by its CPU's appender, or by a committer on any CPU,
//! which waits a bounded number of spins for an append in progress (a
//! copy of at most one record) and counts a drop if it must give up.

use crate::program::Program;
use crate::ring::Ring;
use crate::dif::fault::FaultCode;
use crate::dif::subr::Subr;
use crate::trace::record::SIZE_AT;
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use kernel::alloc::{KVVec, KVec};
use kernel::prelude::*;

const INACTIVE: u64 = 0;
const ACTIVE: u64 = 1;
const COMMITTING: u64 = 2;
const PHASE: u64 = 3;

/// How long a committer waits for another CPU's append to finish.
const COMMIT_SPINS: u32 = 1 << 16;

fn word(generation: u64, phase: u64) -> u64 {
    (generation << 2) | phase
}

/// One CPU's buffer of one speculation.
struct SpecBuf {
    /// Owned by whoever swapped it to true (see the module documentation).
    busy: AtomicBool,
    /// The generation whose records it holds.
    generation: AtomicU64,
    /// Bytes of records held.
    len: AtomicUsize,
}

/// Whether `prog` calls `speculation()`: a session that never does gets no
/// buffers.
pub(crate) fn uses_speculation(prog: &Program) -> bool {
    crate::program::calls(prog, Subr::Speculation)
}

/// What one clause did with speculations.
#[derive(Clone, Copy, Default)]
pub(crate) struct SpecEffects {
    /// `speculate(id)`: the speculation its record goes to.
    pub(crate) to: Option<u64>,
    /// `speculate()` of no speculation: the clause is abandoned, silently.
    pub(crate) abandoned: bool,
    /// It committed or discarded: an empty record of its own shows nothing.
    pub(crate) finished: bool,
    /// A commit moved records into the principal buffer.
    pub(crate) committed: bool,
}

/// The speculations of a session.
///
/// # Invariants
///
/// `data` points at `bufs.len() * specsize` bytes owned by `_storage`,
/// never resized; the `specsize` bytes of buffer `b` start at
/// `b * specsize` and are only touched by the holder of `bufs[b].busy`.
pub(crate) struct Speculations {
    _storage: KVVec<u8>,
    data: *mut u8,
    specsize: usize,
    ncpus: usize,
    /// Per speculation: `word(generation, phase)`.
    states: KVec<AtomicU64>,
    /// Per speculation, per CPU: speculation `i`'s buffer on CPU `c` is
    /// `i * ncpus + c`; empty for a session that never speculates.
    bufs: KVec<SpecBuf>,
    /// Per CPU: `speculation()` found none free while one was committing.
    busy: KVec<AtomicU64>,
    /// Per CPU: records that did not fit their speculative buffer.
    full: KVec<AtomicU64>,
    /// `speculation()` found every speculation in use.
    unavail: AtomicU64,
}

// SAFETY: `data` is only written by the holder of a buffer's `busy` flag;
// everything else is atomics and read-only sizes.
unsafe impl Send for Speculations {}
// SAFETY: as above.
unsafe impl Sync for Speculations {}

impl Speculations {
    /// `nspec` speculations of `specsize` bytes per CPU; with no buffers
    /// unless `used` (ids up to `nspec` stay valid, never active).
    pub(crate) fn new(nspec: usize, specsize: usize, ncpus: usize, used: bool) -> Result<Speculations> {
        let nbufs = if used { nspec.checked_mul(ncpus).ok_or(ENOMEM)? } else { 0 };
        let mut storage = KVVec::from_elem(0u8, nbufs.checked_mul(specsize).ok_or(ENOMEM)?, GFP_KERNEL)?;
        let data = storage.as_mut_ptr();
        let mut states = KVec::with_capacity(nspec, GFP_KERNEL)?;
        for _ in 0..nspec {
            states.push(AtomicU64::new(word(0, INACTIVE)), GFP_KERNEL)?;
        }
        let mut bufs = KVec::with_capacity(nbufs, GFP_KERNEL)?;
        for _ in 0..nbufs {
            let b = SpecBuf { busy: AtomicBool::new(false), generation: AtomicU64::new(0), len: AtomicUsize::new(0) };
            bufs.push(b, GFP_KERNEL)?;
        }
        let (mut busy, mut full) = (KVec::with_capacity(ncpus, GFP_KERNEL)?, KVec::with_capacity(ncpus, GFP_KERNEL)?);
        for _ in 0..ncpus {
            busy.push(AtomicU64::new(0), GFP_KERNEL)?;
            full.push(AtomicU64::new(0), GFP_KERNEL)?;
        }
        // INVARIANT: `data` is the storage's, sized `nbufs * specsize`.
        Ok(Speculations { _storage: storage, data, specsize, ncpus, states, bufs, busy, full, unavail: AtomicU64::new(0) })
    }

    /// `speculation()` on CPU `cpu`: a free speculation's id, or 0 (counted).
    pub(crate) fn speculation(&self, cpu: usize) -> u64 {
        let mut committing = false;
        for (i, state) in self.states.iter().enumerate() {
            let s = state.load(Ordering::Acquire);
            match s & PHASE {
                INACTIVE => {
                    let next = word((s >> 2).wrapping_add(1), ACTIVE);
                    if state.compare_exchange(s, next, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
                        return i as u64 + 1;
                    }
                }
                COMMITTING => committing = true,
                _ => {}
            }
        }
        let counter = if committing { self.busy.get(cpu) } else { Some(&self.unavail) };
        if let Some(c) = counter {
            c.fetch_add(1, Ordering::Relaxed);
        }
        0
    }

    /// Whether `id` names a speculation: `speculate()` of anything else
    /// abandons the clause.
    pub(crate) fn valid(&self, id: u64) -> bool {
        id != 0 && id <= self.states.len() as u64
    }

    fn buf(&self, id: u64, cpu: usize) -> Option<(usize, &SpecBuf)> {
        let index = (id as usize).checked_sub(1)?.checked_mul(self.ncpus)?.checked_add(cpu)?;
        Some((index, self.bufs.get(index)?))
    }

    /// The bytes of buffer `index`.
    ///
    /// # Safety
    ///
    /// The caller holds the buffer's `busy` flag and makes no other
    /// reference to these bytes while this one lives.
    #[allow(clippy::mut_from_ref)]
    unsafe fn bytes(&self, index: usize) -> &mut [u8] {
        // SAFETY: in bounds by the type invariant (`index < nbufs`, checked
        // by `buf`); exclusive by the caller's contract.
        unsafe { core::slice::from_raw_parts_mut(self.data.add(index * self.specsize), self.specsize) }
    }

    /// Appends a finished record to speculation `id`'s buffer on `cpu`.
    /// Dropped silently if the speculation is not active (DTrace's too),
    /// counted if it does not fit.
    pub(crate) fn append(&self, id: u64, cpu: usize, rec: &[u8]) {
        let Some(state) = id.checked_sub(1).and_then(|i| self.states.get(i as usize)) else { return };
        let Some((index, b)) = self.buf(id, cpu) else { return };
        if b.busy.swap(true, Ordering::Acquire) {
            // A committer is moving this buffer: the speculation is over.
            return;
        }
        // Checked with the buffer held, so a committer that flipped the
        // state before taking the buffer sees this record or none of it.
        let s = state.load(Ordering::Acquire);
        if s & PHASE == ACTIVE {
            let generation = s >> 2;
            if b.generation.load(Ordering::Relaxed) != generation {
                b.generation.store(generation, Ordering::Relaxed);
                b.len.store(0, Ordering::Relaxed);
            }
            let len = b.len.load(Ordering::Relaxed);
            // SAFETY: `busy` is held; `dst` is the only reference.
            let dst = unsafe { self.bytes(index) };
            match dst.get_mut(len..len + rec.len()) {
                Some(d) => {
                    d.copy_from_slice(rec);
                    b.len.store(len + rec.len(), Ordering::Relaxed);
                }
                None => {
                    if let Some(c) = self.full.get(cpu) {
                        c.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }
        b.busy.store(false, Ordering::Release);
    }

    /// `discard(id)` (`commit == None`) or `commit(id)` into `ring`, the
    /// principal buffer of CPU `cpu`. 0 and inactive speculations are
    /// ignored; an id beyond `nspec` is an illegal operation, as in
    /// DTrace. Returns whether a record was committed.
    ///
    /// # Safety
    ///
    /// The caller is `ring`'s only producer for the duration of the call.
    pub(crate) unsafe fn finish(&self, id: u64, cpu: usize, commit: Option<&Ring>) -> core::result::Result<bool, FaultCode> {
        if id == 0 {
            return Ok(false);
        }
        let state = self.states.get(id as usize - 1).ok_or(FaultCode::IllegalOp)?;
        let s = state.load(Ordering::Acquire);
        if s & PHASE != ACTIVE {
            return Ok(false);
        }
        let Some(ring) = commit else {
            let _ = state.compare_exchange(s, word(s >> 2, INACTIVE), Ordering::AcqRel, Ordering::Relaxed);
            return Ok(false);
        };
        if state.compare_exchange(s, word(s >> 2, COMMITTING), Ordering::AcqRel, Ordering::Relaxed).is_err() {
            // Another CPU committed or discarded it first.
            return Ok(false);
        }
        let mut committed = false;
        // This CPU's records first, then the others' in CPU order.
        for c in Iterator::chain(core::iter::once(cpu), (0..self.ncpus).filter(|&c| c != cpu)) {
            committed |= self.move_records(id, c, s >> 2, cpu, ring);
        }
        state.store(word(s >> 2, INACTIVE), Ordering::Release);
        Ok(committed)
    }

    /// Moves buffer (`id`, `from`)'s records of `generation` into `ring`,
    /// whose only producer the caller is (see `finish`).
    fn move_records(&self, id: u64, from: usize, generation: u64, cpu: usize, ring: &Ring) -> bool {
        let Some((index, b)) = self.buf(id, from) else { return false };
        let mut spins = 0;
        while b.busy.swap(true, Ordering::Acquire) {
            spins += 1;
            if spins > COMMIT_SPINS {
                if let Some(c) = self.full.get(cpu) {
                    c.fetch_add(1, Ordering::Relaxed);
                }
                return false;
            }
            core::hint::spin_loop();
        }
        let len = b.len.load(Ordering::Relaxed);
        let mut moved = false;
        if b.generation.load(Ordering::Relaxed) == generation && len > 0 {
            // SAFETY: `busy` is held; `held` is the only reference.
            let held = unsafe { self.bytes(index) };
            let held = held.get(..len).unwrap_or(&[]);
            let mut at = 0;
            // Whole records, each starting with its size (see `record.rs`).
            while let Some(size) = held.get(at + SIZE_AT..at + SIZE_AT + 4) {
                let size = u32::from_ne_bytes([size[0], size[1], size[2], size[3]]) as usize;
                let Some(rec) = held.get(at..at + size).filter(|_| size >= 8) else { break };
                // SAFETY: the caller is the ring's only producer (`finish`'s
                // contract).
                moved |= unsafe { ring.produce(rec) };
                at += size;
            }
        }
        b.len.store(0, Ordering::Relaxed);
        b.busy.store(false, Ordering::Release);
        moved
    }

    /// CPU `cpu`'s counts: failed speculations while busy, full drops.
    pub(crate) fn drops(&self, cpu: usize) -> (u64, u64) {
        let get = |v: &KVec<AtomicU64>| v.get(cpu).map_or(0, |c| c.load(Ordering::Relaxed));
        (get(&self.busy), get(&self.full))
    }

    /// `speculation()` calls that found every speculation in use.
    pub(crate) fn unavailable(&self) -> u64 {
        self.unavail.load(Ordering::Relaxed)
    }
}
