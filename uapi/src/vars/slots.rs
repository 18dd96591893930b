//! Scalar slots (globals, clause-locals): an integer is one word; a string
//! is a length word then its bytes packed little-endian. Unsynchronised
//! like DTrace's: a reader racing a writer of a string on another CPU may
//! see a mix of both, never bytes outside the slot.

use crate::dif::env::{Loaded, Value};
use crate::dif::fault::FaultCode;
use crate::dif::Ty;
use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Reads the slot at `at` as type `ty`, a string into `out`.
pub fn load(words: &[AtomicU64], at: usize, ty: Ty, out: &mut [u8]) -> Loaded {
    let Some(head) = words.get(at) else {
        return empty(ty);
    };
    match ty {
        Ty::Int => Loaded::Int(head.load(Relaxed)),
        Ty::Str => {
            let body = words.get(at.saturating_add(1)..).unwrap_or(&[]);
            Loaded::Str(read_bytes(head, body, out))
        }
    }
}

/// Writes `value` into the slot at `at` of type `ty` whose string part
/// holds `strsize` bytes.
pub fn store(words: &[AtomicU64], at: usize, ty: Ty, value: Value<'_>) -> Result<(), FaultCode> {
    let Some(head) = words.get(at) else {
        return Err(FaultCode::IllegalOp);
    };
    match (ty, value) {
        (Ty::Int, Value::Int(v)) => head.store(v, Relaxed),
        (Ty::Str, Value::Str(s)) => {
            let body = words.get(at.saturating_add(1)..).unwrap_or(&[]);
            write_bytes(head, body, s);
        }
        _ => return Err(FaultCode::IllegalOp),
    }
    Ok(())
}

/// An unset value of type `ty`.
pub const fn empty(ty: Ty) -> Loaded {
    match ty {
        Ty::Int => Loaded::Int(0),
        Ty::Str => Loaded::Str(0),
    }
}

/// Copies the string whose length is in `len` and bytes in `body` into
/// `out`; returns the bytes copied.
pub(super) fn read_bytes(len: &AtomicU64, body: &[AtomicU64], out: &mut [u8]) -> usize {
    let cap = body.len().saturating_mul(8);
    let n = usize::try_from(len.load(Relaxed))
        .unwrap_or(0)
        .min(cap)
        .min(out.len());
    for (chunk, word) in out.get_mut(..n).unwrap_or(&mut []).chunks_mut(8).zip(body) {
        let b = word.load(Relaxed).to_le_bytes();
        chunk.copy_from_slice(b.get(..chunk.len()).unwrap_or(&[]));
    }
    n
}

/// Writes `s` (truncated to `body`'s capacity) as length and bytes.
pub(super) fn write_bytes(len: &AtomicU64, body: &[AtomicU64], s: &[u8]) {
    let n = s.len().min(body.len().saturating_mul(8));
    for (chunk, word) in s.get(..n).unwrap_or(&[]).chunks(8).zip(body) {
        let mut b = [0u8; 8];
        b.get_mut(..chunk.len())
            .unwrap_or(&mut [])
            .copy_from_slice(chunk);
        word.store(u64::from_le_bytes(b), Relaxed);
    }
    len.store(n as u64, Relaxed);
}
