// SPDX-License-Identifier: GPL-2.0

//! The hit path of clauses whose whole effect is one aggregation with a
//! key that is the same on every hit of one probe ([`FixedKey`]):
//! `@ = count()`, `@[probefunc] = count()`, `@ = sum(arg1)`. A CPU's first
//! hit of such a probe runs the general path, which finds or makes the
//! entry and notes where it is (per EPID, in the CPU's state); later hits
//! fold their value in there: no variables, no environment, no
//! interpreter, no key to encode and hash, no record.
//!
//! What the general path guarantees holds here too: the programs are the
//! verified ones (a fixed key is a class of a verified program, proved
//! equal to the interpreter's run in `uapi/tests/dif_class.rs`, and the
//! cached update equal to the hashed one in `uapi/src/aggs/tests.rs`);
//! the deadman is checked and the CPU claimed (a nested hit counted) as
//! for any hit; drops are counted by the general path, the only one that
//! makes entries; nothing here sleeps, allocates or locks.

use super::Tracing;
use crate::aggs::table::AggTable;
use crate::cpu_state::CpuState;
use crate::probe_table::Target;
use core::sync::atomic::Ordering;

/// Most targets of one hit the fast path takes: one bit each.
const MAX_TARGETS: usize = 64;

impl Tracing {
    /// Runs a hit of `targets` on CPU `cpu` (the one this runs on,
    /// preemption off) if every target is a fixed-key aggregation whose
    /// entry this CPU has noted, with no predicate or one its gate decides
    /// early: true if it did (or there was nothing to do), false
    /// for the general path to run the hit instead.
    #[inline(always)]
    pub(super) fn fixed_aggregations(&self, cpu: usize, targets: &[Target], args: &[u64; 6]) -> bool {
        if targets.is_empty() || targets.len() > MAX_TARGETS {
            return false;
        }
        let Some(cs) = self.plan.cpus.get(cpu) else {
            return false;
        };
        if let [t] = targets {
            return self.fixed_aggregation(cs, t, args);
        }
        // Every target is decided before anything runs: the general path
        // must not run some of a hit's clauses after this one ran others.
        let mut fire = 0u64;
        for (i, t) in targets.iter().enumerate() {
            let Some(clause) = self.plan.clauses.get(t.clause as usize) else {
                return false;
            };
            if clause.fixed.is_none() {
                return false;
            }
            // This CPU's entry, noted by its first hit of the probe (never
            // for a syscall probe, whose arguments are not the hook's).
            let noted = cs.agg_cache.get(t.probe as usize).is_some_and(|c| c.load(Ordering::Relaxed) != 0);
            if !noted {
                return false;
            }
            let Some(holds) = clause.admits(args) else {
                return false;
            };
            if holds {
                fire |= 1 << i;
            }
        }
        if fire == 0 || self.deadman_expired() {
            return true;
        }
        // Claimed as any hit is: an NMI's hit inside this one is counted
        // and dropped rather than writing the table beside it.
        let Some(_claim) = cs.claim() else {
            return true;
        };
        for (i, t) in targets.iter().enumerate() {
            if fire & (1 << i) == 0 {
                continue;
            }
            let clause = self.plan.clauses.get(t.clause as usize);
            let (Some(fixed), Some(cache)) = (clause.and_then(|c| c.fixed), cs.agg_cache.get(t.probe as usize)) else {
                continue;
            };
            // Noted above; entries never move or go while tracing.
            AggTable::apply_noted(&cs.aggs, cache, fixed.func(), fixed.value(args));
        }
        true
    }

    /// [`Tracing::fixed_aggregations`] of a hit with one target (most
    /// hits): decided and folded in one pass.
    #[inline(always)]
    fn fixed_aggregation(&self, cs: &CpuState, t: &Target, args: &[u64; 6]) -> bool {
        let Some(clause) = self.plan.clauses.get(t.clause as usize) else {
            return false;
        };
        let (Some(fixed), Some(cache)) = (clause.fixed, cs.agg_cache.get(t.probe as usize)) else {
            return false;
        };
        if cache.load(Ordering::Relaxed) == 0 {
            return false;
        }
        match clause.admits(args) {
            None => false,
            Some(false) => true,
            Some(true) => {
                if !self.deadman_expired() {
                    if let Some(_claim) = cs.claim() {
                        AggTable::apply_noted(&cs.aggs, cache, fixed.func(), fixed.value(args));
                    }
                }
                true
            }
        }
    }
}
