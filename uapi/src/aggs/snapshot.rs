//! The snapshot of one CPU's aggregations, as AGGSNAP copies it out: the
//! used part of the table's data area, a sequence of entries of
//! little-endian words:
//!
//! - a header: key words (bits 0..16), value words (bits 16..32), the
//!   function's code ([`super::state::code`], bits 32..40);
//! - the key, encoded as [`crate::vars::key`] does (its header word holds
//!   the aggregation id in bits 0..32 and the body's length in bytes in
//!   bits 32..48; the body is tagged integers and strings);
//! - the function's state ([`super::state`]).

use super::state;
use crate::dif::env::AggFunc;

/// The header word of an entry.
pub const fn entry_header(key_words: usize, value_words: usize, func: AggFunc) -> u64 {
    (key_words as u64 & 0xffff)
        | ((value_words as u64 & 0xffff) << 16)
        | ((state::code(func) as u64) << 32)
}

/// A key element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyElem<'a> {
    /// An integer.
    Int(u64),
    /// A string's bytes.
    Str(&'a [u8]),
}

/// One entry of a snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The aggregation id.
    pub agg: u32,
    /// The function.
    pub func: AggFunc,
    /// The key body (see [`Entry::keys`]).
    pub key: &'a [u8],
    /// The state words, as bytes.
    pub values: &'a [u8],
}

impl<'a> Entry<'a> {
    /// The key's elements, in order.
    pub fn keys(&self) -> impl Iterator<Item = KeyElem<'a>> + 'a {
        let mut rest = self.key;
        core::iter::from_fn(move || {
            let (&tag, body) = rest.split_first()?;
            match tag {
                1 => {
                    let (v, tail) = split(body, 8)?;
                    rest = tail;
                    Some(KeyElem::Int(u64::from_le_bytes(v.try_into().ok()?)))
                }
                2 => {
                    let (n, tail) = split(body, 2)?;
                    let n = usize::from(u16::from_le_bytes(n.try_into().ok()?));
                    let (s, tail) = split(tail, n)?;
                    rest = tail;
                    Some(KeyElem::Str(s))
                }
                _ => None,
            }
        })
    }

    /// State word `i` (0 if missing).
    pub fn value(&self, i: usize) -> u64 {
        let at = i.saturating_mul(8);
        self.values
            .get(at..at.saturating_add(8))
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    }
}

fn split(b: &[u8], n: usize) -> Option<(&[u8], &[u8])> {
    Some((b.get(..n)?, b.get(n..)?))
}

fn word(bytes: &[u8], i: usize) -> Option<u64> {
    let at = i.checked_mul(8)?;
    bytes
        .get(at..at.checked_add(8)?)?
        .try_into()
        .ok()
        .map(u64::from_le_bytes)
}

/// The entries of a snapshot, in order; stops at anything malformed.
pub fn entries(bytes: &[u8]) -> impl Iterator<Item = Entry<'_>> {
    let mut at = 0usize;
    core::iter::from_fn(move || {
        let header = word(bytes, at)?;
        let kw = (header & 0xffff) as usize;
        let vw = ((header >> 16) & 0xffff) as usize;
        let func = state::func_of((header >> 32) as u8)?;
        let key_header = word(bytes, at.checked_add(1)?)?;
        let body_len = ((key_header >> 32) & 0xffff) as usize;
        let key_start = at.checked_add(2)?.checked_mul(8)?;
        let key = bytes.get(key_start..key_start.checked_add(body_len)?)?;
        let val_start = at.checked_add(1)?.checked_add(kw)?.checked_mul(8)?;
        let values = bytes.get(val_start..val_start.checked_add(vw.checked_mul(8)?)?)?;
        at = at.checked_add(1)?.checked_add(kw)?.checked_add(vw)?;
        Some(Entry {
            agg: key_header as u32,
            func,
            key,
            values,
        })
    })
}
