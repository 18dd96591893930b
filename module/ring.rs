// SPDX-License-Identifier: GPL-2.0

//! One CPU's principal buffer: a single-producer, single-consumer ring of
//! whole records.
//!
//! The producer is the probe handler on the owning CPU, made exclusive by
//! the CPU's in-probe flag; the consumer is the session's ioctl, made
//! exclusive by the session lock. `head` and `tail` are byte counts that
//! only grow; a record never wraps: where one would, an 8-byte padding
//! marker fills the end and the record starts at 0.

use crate::trace::record::{EPID_AT, EPID_PAD, SIZE_AT};
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
            tail: AtomicU64::new(0),
            drops: AtomicU64::new(0),
            filled: AtomicBool::new(false),
        })
    }

    /// Whether this is a ring-policy (overwriting) buffer.
    pub(crate) fn is_ring(&self) -> bool {
        self.policy == BUFPOLICY_RING
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

    fn read_u32(&self, pos: u64) -> u32 {
        let mut b = [0u8; 4];
        if pos + 4 <= self.size {
            // SAFETY: in bounds (checked); the bytes were published by the
            // producer's release store of `head`, which the caller acquired.
            unsafe { core::ptr::copy_nonoverlapping(self.data.add(pos as usize), b.as_mut_ptr(), 4) };
        }
        u32::from_ne_bytes(b)
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
        let len64 = len as u64;
        if len == 0 || len % 8 != 0 || len64 > self.size / 2 || self.filled.load(Ordering::Relaxed) {
            self.drops.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        let mut head = self.head.load(Ordering::Relaxed);
        // `size` is not 0 (invariant): never `None`.
        let Some(pos) = head.checked_rem(self.size) else { return false };
        let contiguous = self.size - pos;
        let need = if len64 <= contiguous { len64 } else { contiguous + len64 };
        if self.policy == BUFPOLICY_RING {
            self.make_room(head, need);
        }
        let tail = self.tail.load(Ordering::Acquire);
        if head.wrapping_add(need).wrapping_sub(tail) > self.size {
            self.drops.fetch_add(1, Ordering::Relaxed);
            if self.policy == BUFPOLICY_FILL {
                self.filled.store(true, Ordering::Relaxed);
            }
            return false;
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
        // SAFETY: `at + len <= size` (the record is contiguous from `at`,
        // as computed above), the region lies in the `need` free bytes
        // past `head` (checked against `tail` above), and the caller's
        // contract makes this the only producer.
        fill(unsafe { self.region(at, len) });
        self.head.store(head.wrapping_add(len64), Ordering::Release);
        true
    }

    /// Ring policy: drops the oldest records until `need` bytes are free.
    /// Only while no consumer reads (ring buffers are read after STOP).
    fn make_room(&self, head: u64, need: u64) {
        let mut tail = self.tail.load(Ordering::Acquire);
        while head + need - tail > self.size && tail < head {
            let size = u64::from(self.read_u32(tail % self.size));
            if size == 0 || size > self.size {
                tail = head;
                break;
            }
            tail += size;
        }
        self.tail.store(tail.min(head), Ordering::Release);
    }

    /// Copies whole records into `out`; returns the bytes copied. The caller
    /// is the only consumer.
    pub(crate) fn consume(&self, out: &mut [u8]) -> usize {
        let head = self.head.load(Ordering::Acquire);
        let mut tail = self.tail.load(Ordering::Relaxed);
        let mut copied = 0usize;
        // Records contiguous in the ring are copied as one run: one copy
        // per READ (two across the wrap), not one per record.
        let (mut run_at, mut run_len) = (0u64, 0usize);
        while tail < head {
            let pos = tail % self.size;
            let size = u64::from(self.read_u32(pos + SIZE_AT as u64));
            let epid = self.read_u32(pos + EPID_AT as u64);
            if size < 8 || size > self.size - pos {
                // Cannot happen by the invariants; resynchronise rather than loop.
                tail = head;
                break;
            }
            if epid == EPID_PAD || (run_len > 0 && run_at + run_len as u64 != pos) {
                copied += self.copy_run(run_at, run_len, out.get_mut(copied..).unwrap_or(&mut []));
                run_len = 0;
            }
            if epid != EPID_PAD {
                if copied + run_len + size as usize > out.len() {
                    break;
                }
                if run_len == 0 {
                    run_at = pos;
                }
                run_len += size as usize;
            }
            tail += size;
        }
        copied += self.copy_run(run_at, run_len, out.get_mut(copied..).unwrap_or(&mut []));
        self.tail.store(tail, Ordering::Release);
        copied
    }

    /// Copies the `len` ring bytes at `pos`, whole published records, to
    /// the start of `out`; returns `len` (0 if they do not fit or are out
    /// of bounds, which `consume` rules out).
    fn copy_run(&self, pos: u64, len: usize, out: &mut [u8]) -> usize {
        let Some(dst) = out.get_mut(..len) else { return 0 };
        if len == 0 || pos + len as u64 > self.size {
            return 0;
        }
        // SAFETY: `[pos, pos + len)` is in bounds (checked) and published
        // (the caller acquired `head`); `dst` has `len` bytes.
        unsafe { core::ptr::copy_nonoverlapping(self.data.add(pos as usize), dst.as_mut_ptr(), len) };
        len
    }
}
