// SPDX-License-Identifier: GPL-2.0

//! Address → probes, in O(1) whatever the number of probes: an
//! open-addressing hash of the distinct addresses, each naming a run of
//! (probe, clause) targets. Built at ENABLE, read-only while firing.

use kernel::alloc::KVVec;
use kernel::prelude::*;

/// One probe firing one clause.
#[derive(Clone, Copy, Default)]
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

/// The table. See the module documentation.
pub(crate) struct ProbeTable {
    slots: KVVec<Slot>,
    targets: KVVec<Target>,
    mask: usize,
}

fn hash(addr: u64) -> usize {
    (addr.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20) as usize
}

impl ProbeTable {
    /// Builds the table from `(addr, target)` pairs sorted by address.
    /// Address 0 is never a probe site and is not accepted.
    pub(crate) fn build(sorted: &[(u64, Target)]) -> Result<ProbeTable> {
        // At most a quarter full: linear probing's runs stay short for
        // every site, not just on average (at half full, the bench's site
        // among 1,000 probes cost 42 instructions of probing; now none).
        let cap = (sorted.len() * 4).max(16).next_power_of_two();
        let mut slots = KVVec::from_elem(Slot::default(), cap, GFP_KERNEL)?;
        let mut targets = KVVec::with_capacity(sorted.len(), GFP_KERNEL)?;
        let mask = cap - 1;
        let mut i = 0;
        while i < sorted.len() {
            let addr = sorted[i].0;
            if addr == 0 {
                return Err(EINVAL);
            }
            let first = targets.len() as u32;
            while i < sorted.len() && sorted[i].0 == addr {
                targets.push(sorted[i].1, GFP_KERNEL)?;
                i += 1;
            }
            let mut at = hash(addr) & mask;
            while slots[at].addr != 0 {
                at = (at + 1) & mask;
            }
            let count = targets.len() as u32 - first;
            let only = if count == 1 { sorted[i - 1].1 } else { Target::default() };
            slots[at] = Slot { addr, first, count, only };
        }
        Ok(ProbeTable { slots, targets, mask })
    }

    /// The targets of a hit at `addr` (empty if none). Inlined into the
    /// hit path: every hit pays it.
    #[inline(always)]
    pub(crate) fn lookup(&self, addr: u64) -> &[Target] {
        let mut at = hash(addr) & self.mask;
        // At most a quarter of the slots are full, so an empty slot ends the probe.
        for _ in 0..self.slots.len() {
            let Some(slot) = self.slots.get(at) else { break };
            if slot.addr == addr {
                if slot.count == 1 {
                    return core::slice::from_ref(&slot.only);
                }
                let first = slot.first as usize;
                return self.targets.get(first..first + slot.count as usize).unwrap_or(&[]);
            }
            if slot.addr == 0 {
                break;
            }
            at = (at + 1) & self.mask;
        }
        &[]
    }

    /// The distinct addresses, for the filter.
    pub(crate) fn addrs(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots.iter().filter(|s| s.addr != 0).map(|s| s.addr)
    }
}
