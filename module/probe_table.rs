// SPDX-License-Identifier: GPL-2.0

//! Address → probes, at the same cost whatever the number of probes: a
//! cuckoo hash of the distinct addresses, each at one of two slots and
//! naming a run of (probe, clause) targets. Built at ENABLE, read-only
//! while firing.
//!
//! A lookup reads both of the address's slots and keeps the one that
//! matches, with no branch on which: one probe or every function, home
//! slot or not, each hit pays the same instructions. (Linear probing left
//! some sites behind others: the bench's function, third in its run among
//! every function, paid 28 instructions more than alone.)

use kernel::alloc::KVVec;
use kernel::prelude::*;

/// One probe firing one clause.
#[derive(Clone, Copy, Default, PartialEq)]
pub(crate) struct Target {
    /// Index into the ENABLE's probe array.
    pub(crate) probe: u32,
    /// Index into its clause array.
    pub(crate) clause: u32,
    /// Whether the hit path may decide the clause's predicate early by
    /// its gate (`Clause::gate`): it has one, and the probe's arguments
    /// are the hook's (not a syscall probe's, which are read later).
    pub(crate) gated: bool,
    /// Whether a hit that fires writes the clause's record straight from
    /// the hook (`Clause::hook_record`), its arguments the hook's.
    pub(crate) hook_record: bool,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    addr: u64,
    first: u32,
    count: u32,
    /// The one target of an address with one (most): read from the slot
    /// itself, not from `targets` after a bounds check.
    only: Target,
}

/// Moves tried before an insertion gives up and the table doubles.
const MAX_KICKS: usize = 64;

/// The table. See the module documentation.
pub(crate) struct ProbeTable {
    slots: KVVec<Slot>,
    targets: KVVec<Target>,
    /// 64 − log2(slots): a hash's top bits index the slots, so every
    /// index [`homes`] gives is below `slots.len()`.
    shift: u32,
    /// The distinct addresses in order, for the filter: a walk of the
    /// slots, most of them empty, cost 1.8M instructions at GO with every
    /// function probed.
    addrs: KVVec<usize>,
}

/// The address's two slots (Fibonacci hashing by two odd multipliers; the
/// top bits are the best mixed).
#[inline(always)]
fn homes(addr: u64, shift: u32) -> (usize, usize) {
    (first_home(addr, shift), second_home(addr, shift))
}

#[inline(always)]
fn first_home(addr: u64, shift: u32) -> usize {
    addr.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_shr(shift) as usize
}

#[inline(always)]
fn second_home(addr: u64, shift: u32) -> usize {
    addr.wrapping_mul(0xc2b2_ae3d_27d4_eb4f).wrapping_shr(shift) as usize
}

impl ProbeTable {
    /// Builds the table from `(addr, target)` pairs sorted by address.
    /// Address 0 is never a probe site and is not accepted.
    pub(crate) fn build(sorted: &[(u64, Target)]) -> Result<ProbeTable> {
        if sorted.first().is_some_and(|&(addr, _)| addr == 0) {
            return Err(EINVAL);
        }
        // Only an address with several targets keeps them here: most have
        // one, held in the slot.
        let mut targets = KVVec::new();
        let mut addrs = KVVec::with_capacity(sorted.len(), GFP_KERNEL)?;
        for run in sorted.chunk_by(|a, b| a.0 == b.0) {
            addrs.push(run[0].0 as usize, GFP_KERNEL)?;
            if run.len() > 1 {
                for &(_, t) in run {
                    targets.push(t, GFP_KERNEL)?;
                }
            }
        }
        // At most half full, below which two-choice cuckoo insertion all
        // but never fails; if it does, the table doubles. (A quarter full
        // wrote 4 MiB of slots with every function probed.)
        let mut cap = (addrs.len() * 2).max(16).next_power_of_two();
        loop {
            if let Some(slots) = place_all(slots_of(sorted), cap)? {
                let table = ProbeTable { slots, targets, shift: 64 - cap.trailing_zeros(), addrs };
                table.check(sorted)?;
                return Ok(table);
            }
            cap = cap.checked_mul(2).ok_or(ENOMEM)?;
        }
    }

    /// Every pair is found again: a table that could lose a probe is
    /// refused at ENABLE rather than silently missing hits.
    fn check(&self, sorted: &[(u64, Target)]) -> Result {
        for &(addr, target) in sorted {
            if !self.lookup(addr).contains(&target) {
                return Err(EINVAL);
            }
        }
        Ok(())
    }

    /// The targets of a hit at `addr` (empty if none). Inlined into the
    /// hit path: every hit pays it.
    #[inline(always)]
    pub(crate) fn lookup(&self, addr: u64) -> &[Target] {
        // SAFETY: `slots.len()` is `1 << (64 - shift)` (built so, never
        // resized) and the homes keep the top `64 - shift` bits of a u64:
        // both indices are in bounds. Unchecked because every hit pays the
        // checks.
        let first = unsafe { self.slots.get_unchecked(first_home(addr, self.shift)) };
        // The second home is hashed only if needed: insertion fills first
        // homes first, so most sites are found there.
        let slot = match first.addr == addr {
            true => first,
            // SAFETY: as above.
            false => unsafe { self.slots.get_unchecked(second_home(addr, self.shift)) },
        };
        if slot.addr != addr {
            return &[];
        }
        if slot.count == 1 {
            return core::slice::from_ref(&slot.only);
        }
        let start = slot.first as usize;
        self.targets.get(start..start + slot.count as usize).unwrap_or(&[])
    }

    /// The distinct addresses in order, for the filter.
    pub(crate) fn addrs(&self) -> &[usize] {
        &self.addrs
    }
}

/// The slot of each address of `sorted`, in order: a run of several
/// targets names its place in the table's targets, which hold those runs
/// one after another.
fn slots_of(sorted: &[(u64, Target)]) -> impl Iterator<Item = Slot> + '_ {
    let mut first = 0;
    sorted.chunk_by(|a, b| a.0 == b.0).map(move |run| {
        let (addr, only) = run[0];
        let count = run.len() as u32;
        match count {
            1 => Slot { addr, first: 0, count, only },
            _ => {
                let slot = Slot { addr, first, count, only: Target::default() };
                first += count;
                slot
            }
        }
    })
}

/// `entries` placed in `cap` slots by cuckoo insertion, or `None` if some
/// entry found no place within [`MAX_KICKS`] moves.
fn place_all(entries: impl Iterator<Item = Slot>, cap: usize) -> Result<Option<KVVec<Slot>>> {
    let shift = 64 - cap.trailing_zeros();
    let mut slots = KVVec::from_elem(Slot::default(), cap, GFP_KERNEL)?;
    for entry in entries {
        let mut moving = entry;
        let (mut at, second) = homes(moving.addr, shift);
        if slots[at].addr != 0 && slots[second].addr == 0 {
            at = second;
        }
        let mut placed = false;
        for _ in 0..MAX_KICKS {
            core::mem::swap(&mut slots[at], &mut moving);
            if moving.addr == 0 {
                placed = true;
                break;
            }
            // The entry pushed out goes to its other slot.
            let (a, b) = homes(moving.addr, shift);
            at = if at == a { b } else { a };
        }
        if !placed {
            return Ok(None);
        }
    }
    Ok(Some(slots))
}
