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

use super::{Clause, Tracing};
use crate::aggs::table::AggTable;
use crate::cpu_state::CpuState;
use crate::dif::class::FixedKey;
use crate::kernel_mem;
use crate::probe_table::Target;
use core::sync::atomic::{AtomicU64, Ordering};

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
        match targets {
            [] => false,
            [t] => self.fixed_aggregation(cpu, t, args),
            _ => self.fixed_aggregations_of_many(cpu, targets, args),
        }
    }

    /// [`Tracing::fixed_aggregations`] of a hit with one target (most
    /// hits): decided and folded in one pass.
    #[inline(always)]
    fn fixed_aggregation(&self, cpu: usize, t: &Target, args: &[u64; 6]) -> bool {
        let Some(clause) = self.plan.clauses.get(t.clause as usize) else {
            return false;
        };
        let Some((cs, cache, fixed)) = self.noted_fixed(cpu, t, clause) else {
            return false;
        };
        match clause.admits(args, kernel_mem::task_builtin) {
            None => false,
            Some(false) => true,
            Some(true) => {
                self.fold_noted(cs, cache, fixed, args);
                true
            }
        }
    }

    /// [`Tracing::fixed_aggregations`] of a hit with several targets, out
    /// of line: the one-target hit's path keeps its registers.
    #[inline(never)]
    fn fixed_aggregations_of_many(&self, cpu: usize, targets: &[Target], args: &[u64; 6]) -> bool {
        if targets.len() > MAX_TARGETS {
            return false;
        }
        // Every target is decided before anything runs: the general path
        // must not run some of a hit's clauses after this one ran others.
        let mut fire = 0u64;
        for (i, t) in targets.iter().enumerate() {
            let Some(clause) = self.plan.clauses.get(t.clause as usize) else {
                return false;
            };
            if self.noted_fixed(cpu, t, clause).is_none() {
                return false;
            }
            let Some(holds) = clause.admits(args, kernel_mem::task_builtin) else {
                return false;
            };
            if holds {
                fire |= 1 << i;
            }
        }
        for (i, t) in targets.iter().enumerate() {
            let clause = self.plan.clauses.get(t.clause as usize);
            if let Some((cs, cache, fixed)) = clause.and_then(|c| self.noted_fixed(cpu, t, c)) {
                if fire & (1 << i) != 0 {
                    self.fold_noted(cs, cache, fixed, args);
                }
            }
        }
        true
    }

    /// Where a one-target hit of `clause` folds in, if it is a fixed-key
    /// aggregation whose entry CPU `cpu` has noted (never for a syscall
    /// probe, whose arguments are not the hook's): the CPU's state, the
    /// note and the key. `None`: the general path runs the hit.
    #[inline(always)]
    pub(super) fn noted_fixed<'a>(
        &'a self,
        cpu: usize,
        t: &Target,
        clause: &'a Clause,
    ) -> Option<(&'a CpuState, &'a AtomicU64, &'a FixedKey)> {
        let fixed = clause.fixed.as_ref()?;
        let cs = self.plan.cpus.get(cpu)?;
        let cache = cs.agg_cache.get(t.probe as usize)?;
        (cache.load(Ordering::Relaxed) != 0).then_some((cs, cache, fixed))
    }

    /// Folds a hit that fires into the entry `cache` notes (see
    /// [`Tracing::noted_fixed`]) as the general path would: unless the
    /// deadman has expired, with the CPU claimed (an NMI's hit inside this
    /// one is counted and dropped rather than writing the table beside it).
    #[inline(never)]
    pub(super) fn fold_noted(&self, cs: &CpuState, cache: &AtomicU64, fixed: &FixedKey, args: &[u64; 6]) {
        if self.deadman_expired() {
            return;
        }
        if let Some(_claim) = cs.claim() {
            // Noted; entries never move or go while tracing.
            AggTable::apply_noted(&cs.aggs, cache, fixed.func(), fixed.value(args));
        }
    }
}
