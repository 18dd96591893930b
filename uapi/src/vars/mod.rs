//! Variable storage shared by the kernel module and host tests: where each
//! variable lives ([`layout`]), how a dynamic variable's key is encoded and
//! hashed ([`key`]), the lock-free dynamic-variable table ([`dynvar`]) and
//! the scalar slots of globals and clause-locals ([`slots`]). Everything
//! works on caller-allocated `AtomicU64` words: no allocation, no locks, so
//! it is safe in probe context (NMI included).
//!
//! [`Vars`] ties them together for one program run: it is what an
//! [`Env`](crate::dif::env::Env)'s `load_var`/`store_var` call.
#![deny(clippy::arithmetic_side_effects)]
#![deny(missing_docs)]

pub mod dynvar;
pub mod key;
pub mod layout;
pub mod slots;

use crate::dif::env::{Loaded, Value, VarRef};
use crate::dif::fault::FaultCode;
use crate::dif::program::VarKind;
use core::sync::atomic::AtomicU64;
use dynvar::{DynTable, Stored};
use key::Key;
use layout::Layout;

/// One session's variables as one program run on one CPU sees them.
pub struct Vars<'a> {
    /// Where each variable lives.
    pub layout: &'a Layout<'a>,
    /// The session's globals.
    pub globals: &'a [AtomicU64],
    /// This CPU's clause-locals.
    pub locals: &'a [AtomicU64],
    /// The session's dynamic variables.
    pub dynvars: &'a DynTable<'a>,
    /// The current thread's key (see [`key::thread_key`]).
    pub thread: u64,
}

/// What a store did, beyond succeeding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreOutcome {
    /// Stored (or, for a dynamic variable assigned 0, deleted).
    Done,
    /// A dynamic variable found no free entry: the store was dropped and
    /// the caller counts it (DTrace's dynamic variable drop).
    Dropped,
}

impl Vars<'_> {
    fn key<'k>(&self, var: VarRef, keys: &'k [Value<'k>]) -> Result<Key<'k>, FaultCode> {
        match var.kind {
            VarKind::ThreadLocal => Ok(Key::thread(var.id, self.thread)),
            VarKind::Assoc if !keys.is_empty() => {
                Ok(Key::assoc(var.id, keys, self.layout.strsize()))
            }
            _ => Err(FaultCode::IllegalOp),
        }
    }

    /// Reads `var` (keyed by `keys` if associative); unset reads 0 or "".
    pub fn load(
        &self,
        var: VarRef,
        keys: &[Value<'_>],
        out: &mut [u8],
    ) -> Result<Loaded, FaultCode> {
        let slot = self.layout.slot(var)?;
        match var.kind {
            VarKind::Global => Ok(slots::load(self.globals, slot, var.ty, out)),
            VarKind::ClauseLocal => Ok(slots::load(self.locals, slot, var.ty, out)),
            _ => {
                let key = self.key(var, keys)?;
                Ok(self.dynvars.load(&key, var.ty, out))
            }
        }
    }

    /// Writes `var` (keyed by `keys` if associative). Assigning the integer
    /// 0 to a dynamic variable deletes it, as in DTrace.
    pub fn store(
        &self,
        var: VarRef,
        keys: &[Value<'_>],
        value: Value<'_>,
    ) -> Result<StoreOutcome, FaultCode> {
        let slot = self.layout.slot(var)?;
        // Every string variable holds at most strsize bytes.
        let value = match value {
            Value::Str(s) => Value::Str(s.get(..self.layout.strsize()).unwrap_or(s)),
            v => v,
        };
        match var.kind {
            VarKind::Global => {
                slots::store(self.globals, slot, var.ty, value).map(|()| StoreOutcome::Done)
            }
            VarKind::ClauseLocal => {
                slots::store(self.locals, slot, var.ty, value).map(|()| StoreOutcome::Done)
            }
            _ => {
                let key = self.key(var, keys)?;
                match self.dynvars.store(&key, var.ty, value)? {
                    Stored::Done => Ok(StoreOutcome::Done),
                    Stored::Full => Ok(StoreOutcome::Dropped),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
