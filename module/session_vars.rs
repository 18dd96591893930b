// SPDX-License-Identifier: GPL-2.0

//! A session's variable storage, allocated at ENABLE: the globals, each
//! CPU's clause-locals (`this->`, cleared at the start of every firing
//! that can use them) and the words of the dynamic-variable table
//! (`self->` and associative arrays; the lock-free logic is in
//! `uapi/src/vars/dynvar.rs`). Probe context only reads and writes these
//! words atomically; nothing here allocates after ENABLE.

use crate::dif::program::VarDecl;
use crate::kernel_mem;
use crate::dif::builtin::Builtin;
use crate::vars::dynvar::DynTable;
use crate::vars::key::thread_key;
use crate::vars::layout::{Geometry, Layout};
use crate::vars::Vars;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel::alloc::KVVec;
use kernel::prelude::*;

/// `n` zeroed words.
fn zeroed(n: usize) -> Result<KVVec<AtomicU64>> {
    let mut v = KVVec::with_capacity(n, GFP_KERNEL)?;
    for _ in 0..n {
        v.push(AtomicU64::new(0), GFP_KERNEL)?;
    }
    Ok(v)
}

/// Every variable of one session.
pub(crate) struct SessionVars {
    geometry: Geometry,
    offsets: KVVec<u32>,
    globals: KVVec<AtomicU64>,
    /// `ncpus * geometry.local_words` words, CPU by CPU.
    locals: KVVec<AtomicU64>,
    dynvars: KVVec<AtomicU64>,
    /// Entries in `dynvars`.
    capacity: usize,
}

impl SessionVars {
    /// Storage for the variables `decls` (the session's table, `count`
    /// long), strings of `strsize` bytes, `dynvarsize` bytes of dynamic
    /// variables and `ncpus` CPUs.
    pub(crate) fn new(
        decls: impl Iterator<Item = VarDecl>,
        count: usize,
        strsize: u32,
        dynvarsize: u64,
        ncpus: usize,
    ) -> Result<SessionVars> {
        let mut offsets = KVVec::from_elem(0u32, count, GFP_KERNEL)?;
        let geometry = Geometry::plan(decls, strsize, offsets.as_mut_slice()).ok_or(EINVAL)?;
        let entry_words = geometry.entry_words();
        let dyn_words = if entry_words == 0 {
            0
        } else {
            // Whole entries only.
            let words = usize::try_from(dynvarsize / 8).map_err(|_| EINVAL)?;
            words / entry_words * entry_words
        };
        let dynvars = zeroed(dyn_words)?;
        let capacity = DynTable::new(&dynvars, geometry.key_words, geometry.value_words).capacity();
        Ok(SessionVars {
            geometry,
            offsets,
            globals: zeroed(geometry.global_words)?,
            locals: zeroed(geometry.local_words.checked_mul(ncpus).ok_or(ENOMEM)?)?,
            dynvars,
            capacity,
        })
    }

    /// The sizes.
    pub(crate) fn geometry(&self) -> Geometry {
        self.geometry
    }

    fn table(&self) -> DynTable<'_> {
        DynTable::with_capacity(&self.dynvars, self.geometry.key_words, self.geometry.value_words, self.capacity)
    }

    fn locals(&self, cpu: usize) -> &[AtomicU64] {
        let n = self.geometry.local_words;
        let at = cpu.saturating_mul(n);
        self.locals.get(at..at.saturating_add(n)).unwrap_or(&[])
    }

    /// Starts a probe firing on `cpu`: `this->` variables live for one
    /// firing. Costs nothing when no program has any.
    pub(crate) fn start_firing(&self, cpu: usize) {
        for w in self.locals(cpu) {
            w.store(0, Ordering::Relaxed);
        }
    }

    /// Runs `f` with the variables as a run on `cpu` sees them.
    pub(crate) fn with<R>(&self, cpu: usize, f: impl FnOnce(&Vars<'_>) -> R) -> R {
        let layout = Layout { geometry: self.geometry, offsets: &self.offsets };
        let table = self.table();
        // Reading the tid is cheap, but only self-> needs it.
        let thread = if self.geometry.thread_locals {
            let tid = kernel_mem::task_builtin(Builtin::Tid).unwrap_or(0);
            thread_key(tid, cpu as u64)
        } else {
            0
        };
        f(&Vars { layout: &layout, globals: &self.globals, locals: self.locals(cpu), dynvars: &table, thread })
    }

    /// Frees the `self->` variables of the exited thread `tid`.
    pub(crate) fn thread_exited(&self, tid: u64) {
        if tid != 0 {
            self.table().reclaim_thread(thread_key(tid, 0));
        }
    }
}
