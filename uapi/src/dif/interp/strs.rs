//! String values in registers, and the string subroutines.
//!
//! A string register holds a reference, not bytes: bit 63 says whether it
//! points into the string table (1) or into scratch (0), bits 32..63 hold
//! its length and bits 0..32 its offset. Strings are made in scratch by
//! bumping `used`; nothing is freed during a run, so every scratch
//! reference made in this run stays valid.

use super::super::fault::FaultCode;

const TABLE: u64 = 1 << 63;
const MAX_LEN: usize = 0x7fff_ffff;

/// A decoded string reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StrRef {
    /// In the string table rather than scratch.
    pub(crate) table: bool,
    /// Offset in its area.
    pub(crate) off: usize,
    /// Length in bytes.
    pub(crate) len: usize,
}

impl StrRef {
    /// Decodes a register value.
    pub(crate) fn decode(v: u64) -> StrRef {
        StrRef {
            table: v & TABLE != 0,
            off: (v & 0xffff_ffff) as usize,
            len: ((v >> 32) & 0x7fff_ffff) as usize,
        }
    }

    /// Encodes into a register value; fails if a field does not fit.
    pub(crate) fn encode(self) -> Result<u64, FaultCode> {
        let off = u32::try_from(self.off).map_err(|_| FaultCode::NoScratch)?;
        if self.len > MAX_LEN {
            return Err(FaultCode::NoScratch);
        }
        let tag = if self.table { TABLE } else { 0 };
        Ok(tag | ((self.len as u64) << 32) | u64::from(off))
    }

    /// The bytes, from the string table or the filled part of scratch.
    pub(crate) fn bytes<'s>(self, strtab: &'s [u8], filled: &'s [u8]) -> Option<&'s [u8]> {
        let area = if self.table { strtab } else { filled };
        area.get(self.off..self.off.checked_add(self.len)?)
    }

    /// `substr(s, start, len)`: a reference to part of this string.
    pub(crate) fn substr(self, start: i64, len: i64) -> StrRef {
        let slen = self.len as i64;
        let mut st = if start < 0 {
            slen.saturating_add(start)
        } else {
            start
        };
        // Not clamp(): it asserts min <= max, a panic path.
        st = st.max(0).min(slen);
        let avail = slen.saturating_sub(st);
        let take = if len < 0 { avail } else { len.min(avail) };
        StrRef {
            table: self.table,
            off: self.off.saturating_add(st as usize),
            len: take as usize,
        }
    }
}

/// `strcmp`: -1, 0 or 1.
pub(crate) fn strcmp(a: &[u8], b: &[u8]) -> u64 {
    match a.cmp(b) {
        core::cmp::Ordering::Less => u64::MAX,
        core::cmp::Ordering::Equal => 0,
        core::cmp::Ordering::Greater => 1,
    }
}

/// `strchr`: the index of the first `c`, or -1.
pub(crate) fn strchr(s: &[u8], c: u64) -> u64 {
    let c = (c & 0xff) as u8;
    s.iter()
        .position(|&b| b == c)
        .map_or(u64::MAX, |i| i as u64)
}

/// Copies `parts` one after the other into `out`, cut at `out.len()`;
/// returns the bytes written.
pub(crate) fn join(out: &mut [u8], parts: &[&[u8]]) -> usize {
    let mut at = 0usize;
    for part in parts {
        let Some(dst) = out.get_mut(at..) else {
            break;
        };
        let n = part.len().min(dst.len());
        if let (Some(d), Some(s)) = (dst.get_mut(..n), part.get(..n)) {
            d.copy_from_slice(s);
        }
        at = at.saturating_add(n);
    }
    at
}
