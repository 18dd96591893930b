// SPDX-License-Identifier: GPL-2.0

//! The core-kernel functions an ENABLE has found to be what their fbt
//! probe named and allowed, kept while the module is loaded: the next
//! ENABLE takes their word without a kallsyms lookup. A lookup
//! (`sprint_symbol_no_offset`, the only one exported) walks the compressed
//! symbol names and costs ~2,400 instructions; `fbt:::entry` asks it of
//! ~24,000 functions, a sixth of starting such a session under TCG.
//!
//! Only core-kernel names are kept: they are fixed for the boot. A
//! module's functions come and go with it, so they are looked up every
//! time. A name is kept as a 64-bit hash: a collision could only give an
//! allowed function a wrong name, never let a denied one through, as only
//! allowed functions are kept.

use crate::heapsort;
use crate::trace::FUNCTION_LEN;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::alloc::{flags::GFP_KERNEL, KBox, KVVec};

/// Most functions kept: every ftrace site of a large kernel, bounded so
/// that a caller cannot grow it without end (16 bytes each).
const MAX_KEPT: usize = 1 << 17;

/// The kept functions, a `KBox<Known>` turned raw, or null while an
/// ENABLE has them (or before the first).
static KEPT: AtomicPtr<Known> = AtomicPtr::new(core::ptr::null_mut());

/// Functions by address, each with its name's hash.
struct Known {
    /// Sorted by address, no address twice.
    sites: KVVec<(u64, u64)>,
}

/// One ENABLE's use of the kept functions: what it adds is merged in, and
/// they are put back, when it ends.
pub(crate) struct VerifiedNames {
    known: Option<KBox<Known>>,
    /// Found this time, in the order found.
    added: KVVec<(u64, u64)>,
    /// Where the last address asked for was: the next is usually the one
    /// after it (rdtrace sends probes in address order).
    cursor: usize,
}

impl VerifiedNames {
    /// Takes the kept functions for one ENABLE: none if another ENABLE
    /// has them now (this one looks every name up).
    pub(crate) fn take() -> Self {
        let raw = KEPT.swap(core::ptr::null_mut(), Ordering::AcqRel);
        // SAFETY: a non-null value came from `KBox::into_raw` in `drop`
        // below, and the swap made this its only owner.
        let known = (!raw.is_null()).then(|| unsafe { KBox::from_raw(raw) });
        VerifiedNames { known, added: KVVec::new(), cursor: 0 }
    }

    /// Whether the core-kernel function at `addr` was found to be the name
    /// in `field` (NUL-padded) and allowed.
    pub(crate) fn holds(&mut self, addr: u64, field: &[u8; FUNCTION_LEN]) -> bool {
        let Some(known) = &self.known else { return false };
        let sites = known.sites.as_slice();
        let next = self.cursor + 1;
        let at = match sites.get(next) {
            Some(&(a, _)) if a == addr => next,
            _ => sites.partition_point(|&(a, _)| a < addr),
        };
        self.cursor = at;
        sites.get(at).is_some_and(|&(a, h)| a == addr && h == name_hash(field))
    }

    /// Notes that the core-kernel function at `addr` is the name in
    /// `field` (NUL-padded) and allowed.
    pub(crate) fn note(&mut self, addr: u64, field: &[u8; FUNCTION_LEN]) {
        let kept = self.known.as_ref().map_or(0, |k| k.sites.len());
        if kept + self.added.len() < MAX_KEPT {
            // Out of memory only costs a later ENABLE the lookup.
            let _ = self.added.push((addr, name_hash(field)), GFP_KERNEL);
        }
    }

    /// The kept functions with this ENABLE's added: `None` if there are
    /// none, or out of memory.
    fn merged(&mut self) -> Option<KBox<Known>> {
        if self.added.is_empty() {
            return self.known.take();
        }
        let mut known = match self.known.take() {
            Some(k) => k,
            None => KBox::new(Known { sites: KVVec::new() }, GFP_KERNEL).ok()?,
        };
        heapsort::sort_by_key(&mut self.added, |&(a, _)| a);
        let old = core::mem::replace(&mut known.sites, KVVec::new());
        let mut sites = KVVec::with_capacity(old.len() + self.added.len(), GFP_KERNEL).ok()?;
        let (mut a, mut b) = (old.iter().peekable(), self.added.iter().peekable());
        loop {
            // Two sorted runs into one: the smaller address first.
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if y.0 < x.0 => b.next(),
                (Some(x), Some(y)) if x.0 == y.0 => {
                    // The same address twice: the newer finding.
                    a.next();
                    b.next()
                }
                (Some(_), _) => a.next(),
                (None, _) => b.next(),
            };
            let Some(&site) = next else { break };
            if sites.last().is_some_and(|&(last, _)| last == site.0) {
                continue;
            }
            sites.push(site, GFP_KERNEL).ok()?;
        }
        known.sites = sites;
        Some(known)
    }
}

impl Drop for VerifiedNames {
    fn drop(&mut self) {
        let Some(known) = self.merged() else { return };
        let raw = KBox::into_raw(known);
        if KEPT.compare_exchange(core::ptr::null_mut(), raw, Ordering::AcqRel, Ordering::Acquire).is_err() {
            // Another ENABLE put its own back first: keep that one.
            // SAFETY: `raw` came from `KBox::into_raw` just above and was
            // not published.
            drop(unsafe { KBox::from_raw(raw) });
        }
    }
}

/// Frees the kept functions when the module unloads (no ENABLE runs then:
/// every session is closed).
pub(crate) struct Keeper;

impl Drop for Keeper {
    fn drop(&mut self) {
        let raw = KEPT.swap(core::ptr::null_mut(), Ordering::AcqRel);
        if !raw.is_null() {
            // SAFETY: a non-null value came from `KBox::into_raw`, and the
            // swap made this its only owner.
            drop(unsafe { KBox::from_raw(raw) });
        }
    }
}

/// The hash of the name in `field`, up to its first NUL (or the field's
/// end), read eight bytes at a time: a byte-wise hash after a scan for the
/// NUL cost ~250 instructions per function, paid ~24,000 times by
/// `fbt:::entry`.
fn name_hash(field: &[u8; FUNCTION_LEN]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for chunk in field.chunks_exact(8) {
        let word = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        // The lowest high bit set marks the first zero byte exactly (a
        // borrow can only mark bytes above it).
        let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
        // The bytes from the first zero on are not the name's.
        let kept = match zeros {
            0 => word,
            z => word & !(u64::MAX << (z.trailing_zeros() / 8 * 8)),
        };
        hash = (hash.rotate_left(5) ^ kept).wrapping_mul(0x517c_c1b7_2722_0a95);
        if zeros != 0 {
            break;
        }
    }
    hash
}

const _: () = assert!(FUNCTION_LEN % 8 == 0, "name_hash reads whole words");
