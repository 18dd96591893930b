// SPDX-License-Identifier: GPL-2.0

//! One CPU's principal buffer: a single-producer, single-consumer ring of
//! whole records.
//!
//! The producer is the probe handler on the owning CPU, made exclusive by
//! the CPU's in-probe flag; the consumer is the session's ioctl, made
//! exclusive by the session lock. `head` and `tail` are byte counts that
//! only grow; a record never wraps: where one would, an 8-byte padding
//! marker fills the end and the record starts at 0.

use crate::trace::record::{EPID_AT, EPID_PAD, HEADER, SIZE_AT};
use crate::trace::{BUFPOLICY_FILL, BUFPOLICY_RING};
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use kernel::alloc::KVVec;
use kernel::prelude::*;

/// The 8 bytes of `b` at `at`, if it has them.
#[inline(always)]
fn chunk_mut(b: &mut [u8], at: usize) -> Option<&mut [u8; 8]> {
    b.get_mut(at..).and_then(|b| b.first_chunk_mut::<8>())
}

/// Copies `src` into `dst` (as many bytes as both have) word by word
/// while it is a few words: most records are, and a memcpy call's setup
/// costs more than their copy.
fn copy_words(dst: &mut [u8], src: &[u8]) {
    if src.len() <= 64 {
        // Array moves: `copy_from_slice` is a call here.
        let mut at = 0;
        while let (Some(d), Some(s)) = (chunk_mut(dst, at), src.get(at..).and_then(|s| s.first_chunk::<8>())) {
            *d = *s;
            at += 8;
        }
    } else {
        let n = dst.len().min(src.len());
        dst[..n].copy_from_slice(&src[..n]);
    }
}

/// Where [`Ring::reserve`] found room: `len` bytes at `at`, after `head`
/// (the head before any padding marker).
///
/// # Invariants
///
/// `at + len <= size`, and the bytes are outside `[tail, head)`.
struct Slot {
    at: u64,
    head: u64,
    len: u64,
}

/// A CPU's ring. See the module documentation.
///
/// # Invariants
///
/// `data` points at `size` bytes owned by `_storage`, which is never resized;
/// `size` is a nonzero multiple of 8; `tail <= head <= tail + size`; every
/// record in `[tail, head)` starts 8-aligned and is contiguous.
pub(crate) struct Ring {
    _storage: KVVec<u8>,
    data: *mut u8,
    size: u64,
    policy: u32,
    head: AtomicU64,
    /// `head % size`, kept by the producer (its only user) so that a
    /// record costs no division.
    head_at: AtomicU64,
    tail: AtomicU64,
    drops: AtomicU64,
    filled: AtomicBool,
}

// SAFETY: the bytes are written only by the one producer and read only by
// the one consumer, ordered by `head`/`tail` (see the module documentation).
unsafe impl Send for Ring {}
// SAFETY: as above.
unsafe impl Sync for Ring {}

impl Ring {
    /// A ring of `size` bytes (rounded down to a multiple of 8).
    pub(crate) fn new(size: usize, policy: u32) -> Result<Ring> {
        let size = size & !7;
        if size == 0 {
            return Err(EINVAL);
        }
        let mut storage = KVVec::from_elem(0u8, size, GFP_KERNEL)?;
        let data = storage.as_mut_ptr();
        // INVARIANT: `data` is the storage's, `size` > 0 and 8-aligned.
        Ok(Ring {
            _storage: storage,
            data,
            size: size as u64,
            policy,
            head: AtomicU64::new(0),
            head_at: AtomicU64::new(0),
            tail: AtomicU64::new(0),
            drops: AtomicU64::new(0),
            filled: AtomicBool::new(false),
        })
    }

    /// Records that did not fit.
    pub(crate) fn drops(&self) -> u64 {
        self.drops.load(Ordering::Relaxed)
    }

    /// Bytes waiting for the consumer.
    pub(crate) fn pending(&self) -> u64 {
        self.head.load(Ordering::Acquire).wrapping_sub(self.tail.load(Ordering::Acquire))
    }

    /// The `len` ring bytes at `pos`, for the producer to write.
    ///
    /// # Safety
    ///
    /// `pos + len <= size`, the region is outside `[tail, head)` (the
    /// consumer does not read it), and the caller is the only producer.
    #[allow(clippy::mut_from_ref)]
    unsafe fn region(&self, pos: u64, len: usize) -> &mut [u8] {
        debug_assert!(pos + len as u64 <= self.size);
        // SAFETY: in bounds of `data`'s `size` bytes and not aliased (the
        // caller's contract).
        unsafe { core::slice::from_raw_parts_mut(self.data.add(pos as usize), len) }
    }

    /// Appends one record (its length a multiple of 8); false if dropped.
    ///
    /// # Safety
    ///
    /// The caller is the only producer for the duration of the call.
    pub(crate) unsafe fn produce(&self, rec: &[u8]) -> bool {
        // SAFETY: the caller's contract.
        unsafe { self.produce_with(rec.len(), |dst| copy_words(dst, rec)) }
    }

    /// Appends one record of `len` bytes (a multiple of 8), which `fill`
    /// writes in place (it is given exactly `len` bytes); false if dropped.
    ///
    /// # Safety
    ///
    /// The caller is the only producer for the duration of the call.
    #[inline(always)]
    pub(crate) unsafe fn produce_with(&self, len: usize, fill: impl FnOnce(&mut [u8])) -> bool {
        // SAFETY: the caller's contract.
        unsafe { self.produce_in::<true>(len, fill) }
    }

    /// Appends the header-only record `rec`, where the caller knows the
    /// buffer is not ring-policy (one that is drops the record rather than
    /// overwrite): no call on its path. False if dropped.
    ///
    /// # Safety
    ///
    /// The caller is the only producer for the duration of the call.
    #[inline(always)]
    pub(crate) unsafe fn produce_header_unringed(&self, rec: [u8; HEADER]) -> bool {
        // SAFETY: the caller's contract.
        let Some(slot) = (unsafe { self.reserve::<false>(HEADER) }) else { return false };
        // SAFETY: the slot's `HEADER` bytes are the producer's (`reserve`).
        if let Some(d) = unsafe { self.region(slot.at, HEADER) }.first_chunk_mut::<HEADER>() {
            *d = rec;
        }
        self.publish(slot);
        true
    }

    /// [`Ring::produce_with`]; a ring-policy buffer makes room only if
    /// `OVERWRITE`.
    ///
    /// # Safety
    ///
    /// The caller is the only producer for the duration of the call.
    #[inline(always)]
    unsafe fn produce_in<const OVERWRITE: bool>(&self, len: usize, fill: impl FnOnce(&mut [u8])) -> bool {
        // SAFETY: the caller's contract.
        let Some(slot) = (unsafe { self.reserve::<OVERWRITE>(len) }) else { return false };
        // SAFETY: the slot's `len` bytes are the producer's (`reserve`).
        fill(unsafe { self.region(slot.at, len) });
        self.publish(slot);
        true
    }

    /// Room for a record of `len` bytes (a multiple of 8), past a padding
    /// marker if it would wrap; `None` (counted as a drop) if there is
    /// none. A ring-policy buffer makes room only if `OVERWRITE`.
    ///
    /// # Safety
    ///
    /// The caller is the only producer until it publishes the slot.
    #[inline(always)]
    unsafe fn reserve<const OVERWRITE: bool>(&self, len: usize) -> Option<Slot> {
        let len64 = len as u64;
        if len == 0 || len % 8 != 0 || len64 > self.size / 2 || self.filled.load(Ordering::Relaxed) {
            self.drops.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        let mut head = self.head.load(Ordering::Relaxed);
        let pos = self.head_at.load(Ordering::Relaxed);
        debug_assert!(pos == head % self.size);
        let contiguous = self.size.checked_sub(pos)?;
        let need = if len64 <= contiguous { len64 } else { contiguous + len64 };
        if OVERWRITE && self.policy == BUFPOLICY_RING {
            self.make_room(head, need);
        }
        let tail = self.tail.load(Ordering::Acquire);
        if head.wrapping_add(need).wrapping_sub(tail) > self.size {
            self.drops.fetch_add(1, Ordering::Relaxed);
            if self.policy == BUFPOLICY_FILL {
                self.filled.store(true, Ordering::Relaxed);
            }
            return None;
        }
        let mut at = pos;
        if len64 > contiguous {
            const _: () = assert!(SIZE_AT == 0 && EPID_AT == 4);
            let (s, e) = ((contiguous as u32).to_ne_bytes(), EPID_PAD.to_ne_bytes());
            let pad = [s[0], s[1], s[2], s[3], e[0], e[1], e[2], e[3]];
            // SAFETY: `pos + 8 <= size` (`pos` and `size` are multiples of
            // 8), past `head`, outside `[tail, head)` (checked above), and
            // the caller's contract makes this the only producer.
            if let Some(d) = chunk_mut(unsafe { self.region(pos, 8) }, 0) {
                *d = pad;
            }
            head = head.wrapping_add(contiguous);
            at = 0;
        }
        // INVARIANT (of `Slot`): `at + len <= size` (the record is
        // contiguous from `at`, as computed above) and the bytes lie in the
        // `need` free bytes past `head` (checked against `tail` above).
        Some(Slot { at, head, len: len64 })
    }

    /// Makes the record in `slot` the consumer's.
    #[inline(always)]
    fn publish(&self, slot: Slot) {
        let end = slot.at + slot.len;
        self.head_at.store(if end == self.size { 0 } else { end }, Ordering::Relaxed);
        self.head.store(slot.head.wrapping_add(slot.len), Ordering::Release);
    }

    /// Ring policy: drops the oldest records until `need` bytes are free.
    /// Only while no consumer reads (ring buffers are read after STOP).
    fn make_room(&self, head: u64, need: u64) {
        let mut tail = self.tail.load(Ordering::Acquire);
        while head + need - tail > self.size && tail < head {
            let size = u64::from(self.header_at(tail % self.size).0);
            if size == 0 || size > self.size {
                tail = head;
                break;
            }
            tail += size;
        }
        self.tail.store(tail.min(head), Ordering::Release);
    }

    /// The whole records waiting that fit in `room` bytes, left in the
    /// ring until [`Taken::commit`]. The caller is the only consumer
    /// until the [`Taken`] is dropped.
    pub(crate) fn take(&self, room: usize) -> Taken<'_> {
        let head = self.head.load(Ordering::Acquire);
        let mut tail = self.tail.load(Ordering::Relaxed);
        let mut taken = Taken { ring: self, runs: [(0, 0); 2], from: tail, tail };
        // `size` is not 0 (invariant): never `None`.
        let Some(mut pos) = tail.checked_rem(self.size) else { return taken };
        let room = room as u64;
        // All that waits fits and does not reach the ring's end, so holds
        // no padding marker (one is written with the record after it, at
        // 0): whole records, one run, no walk.
        let pending = head.wrapping_sub(tail);
        if pending <= room && pending <= self.size - pos {
            taken.runs[0] = (pos, pending);
            taken.tail = head;
            return taken;
        }
        // Records contiguous in the ring make one run: two at most, the
        // second from 0. `pos` follows `tail` in the ring without a
        // division per record; the sums are bounded by `size`
        // (invariants), so wrapping adds do.
        let (mut run, mut run_at, mut run_len, mut total) = (0, pos, 0u64, 0u64);
        while tail < head {
            let (size, epid) = self.header_at(pos);
            let size = u64::from(size);
            if size < 8 || size > self.size - pos {
                // Cannot happen by the invariants; resynchronise rather than loop.
                tail = head;
                break;
            }
            // A padding marker fills the ring's end: not a record.
            if epid != EPID_PAD {
                if total.wrapping_add(size) > room {
                    break;
                }
                run_len = run_len.wrapping_add(size);
                total = total.wrapping_add(size);
            }
            tail = tail.wrapping_add(size);
            pos = pos.wrapping_add(size);
            if pos == self.size {
                // The next record starts at 0: not contiguous with the run.
                if let Some(r) = taken.runs.get_mut(run) {
                    *r = (run_at, run_len);
                }
                (run, pos, run_at, run_len) = (run + 1, 0, 0, 0);
            }
        }
        if let Some(r) = taken.runs.get_mut(run) {
            *r = (run_at, run_len);
        }
        taken.tail = tail;
        taken
    }

    /// The size and EPID of the record at `pos` (`pos + 8 <= size`: else
    /// zeros, which `consume` treats as corruption).
    #[inline(always)]
    fn header_at(&self, pos: u64) -> (u32, u32) {
        let mut b = [0u8; 8];
        if pos.checked_add(8).is_some_and(|end| end <= self.size) {
            // SAFETY: in bounds (checked); published by the producer's
            // release store of `head`, which the caller acquired.
            b = unsafe { core::ptr::read_unaligned(self.data.add(pos as usize).cast::<[u8; 8]>()) };
        }
        const _: () = assert!(SIZE_AT == 0 && EPID_AT == 4);
        let [s0, s1, s2, s3, e0, e1, e2, e3] = b;
        (u32::from_ne_bytes([s0, s1, s2, s3]), u32::from_ne_bytes([e0, e1, e2, e3]))
    }
}

/// Whole records [`Ring::take`] found: at most two runs of the ring's
/// bytes, read in place, and the tail that passes them.
pub(crate) struct Taken<'a> {
    ring: &'a Ring,
    /// (position, length) of each run; a length of 0 is none.
    runs: [(u64, u64); 2],
    /// The tail when taken, and the tail past the runs.
    from: u64,
    tail: u64,
}

impl Taken<'_> {
    /// The runs' bytes, in ring order.
    pub(crate) fn runs(&self) -> impl Iterator<Item = &[u8]> {
        self.runs.iter().filter(|(pos, len)| *len > 0 && pos + len <= self.ring.size).map(|&(pos, len)| {
            // SAFETY: in bounds (filtered above); `[tail, head)` holds
            // published records the producer does not write until `tail`
            // passes them, which only `commit` does.
            unsafe { core::slice::from_raw_parts(self.ring.data.add(pos as usize), len as usize) }
        })
    }

    /// The bytes of all runs.
    pub(crate) fn len(&self) -> usize {
        self.runs.iter().map(|&(_, len)| len as usize).sum()
    }

    /// Gives the runs' room back to the producer: they were consumed.
    pub(crate) fn commit(self) {
        // Only from where it was taken: a ring-policy buffer's producer
        // still in flight after STOP may have moved the tail past it
        // (`make_room`), and the tail never goes back.
        let _ = self.ring.tail.compare_exchange(self.from, self.tail, Ordering::Release, Ordering::Relaxed);
    }
}
