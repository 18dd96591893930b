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

    /// `substr(s, start, len)`: a reference to part of this string, as
    /// DTrace cuts it: a negative `start` counts from the end (a window
    /// reaching back before the start keeps what lies inside), a negative
    /// `len` leaves that many bytes off the end; `len` [`i64::MAX`] is
    /// the rest (`substr(s, start)`).
    pub(crate) fn substr(self, start: i64, len: i64) -> StrRef {
        let slen = self.len as i64;
        let (mut index, mut take) = (start, len);
        if index < 0 {
            index = index.saturating_add(slen);
            if index < 0 && index.saturating_add(take) > 0 {
                take = take.saturating_add(index);
                index = 0;
            }
        }
        if index >= slen || index < 0 {
            take = 0;
        } else if take < 0 {
            take = take.saturating_add(slen.saturating_sub(index)).max(0);
        } else {
            take = take.min(slen.saturating_sub(index));
        }
        StrRef {
            table: self.table,
            // Within the string even when nothing is taken.
            off: self.off.saturating_add(index.max(0).min(slen) as usize),
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

/// The index of the first (`last` false) or last `needle` in `hay`, if
/// any; an empty needle is found at the start (or the end).
pub(crate) fn find(hay: &[u8], needle: &[u8], last: bool) -> Option<usize> {
    let n = needle.len();
    if n > hay.len() {
        return None;
    }
    let starts = 0..=hay.len().saturating_sub(n);
    let hit = |&i: &usize| hay.get(i..i.saturating_add(n)) == Some(needle);
    if last {
        starts.rev().find(hit)
    } else {
        starts.into_iter().find(hit)
    }
}

/// [`find`] from `start` (a signed index; [`NO_START`] for none) as
/// `index` (forward, a negative start is 0) and `rindex` (backward from
/// `start`, a negative start finds nothing) search.
///
/// [`NO_START`]: crate::dif::subr::NO_START
pub(crate) fn find_from(hay: &[u8], needle: &[u8], start: u64, last: bool) -> Option<usize> {
    let last_start = hay.len().checked_sub(needle.len())?;
    let hit = |&i: &usize| hay.get(i..i.saturating_add(needle.len())) == Some(needle);
    if start == crate::dif::subr::NO_START {
        return find(hay, needle, last);
    }
    let start = start as i64;
    if last {
        let from = usize::try_from(start).ok()?.min(last_start);
        (0..=from).rev().find(hit)
    } else {
        let from = usize::try_from(start).unwrap_or(0);
        (from..=last_start).find(hit)
    }
}

/// The index as DIF returns it: -1 for none.
pub(crate) fn index_value(found: Option<usize>) -> u64 {
    found.map_or(u64::MAX, |i| i as u64)
}

/// `s` with its ASCII letters upper- (or lower-) cased, into `out`.
pub(crate) fn case(out: &mut [u8], s: &[u8], upper: bool) -> usize {
    let n = join(out, &[s]);
    for b in out.iter_mut().take(n) {
        *b = if upper {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        };
    }
    n
}

/// The path `s` without trailing slashes (a root "/" stays).
fn trimmed(s: &[u8]) -> &[u8] {
    let mut end = s.len();
    while end > 1 && s.get(end.saturating_sub(1)) == Some(&b'/') {
        end = end.saturating_sub(1);
    }
    s.get(..end).unwrap_or(s)
}

/// `basename(s)` as DTrace gives it: "." for "", "/" for "/".
pub(crate) fn basename(s: &[u8]) -> &[u8] {
    let t = trimmed(s);
    if t.is_empty() {
        return b".";
    }
    if t == b"/" {
        return t;
    }
    match t.iter().rposition(|&b| b == b'/') {
        Some(i) => t.get(i.saturating_add(1)..).unwrap_or(t),
        None => t,
    }
}

/// `dirname(s)` as DTrace gives it: "." without a slash, "/" at the root.
pub(crate) fn dirname(s: &[u8]) -> &[u8] {
    let t = trimmed(s);
    match t.iter().rposition(|&b| b == b'/') {
        None => b".",
        Some(i) => {
            let d = trimmed(t.get(..i).unwrap_or(b""));
            if d.is_empty() {
                b"/"
            } else {
                d
            }
        }
    }
}

/// The `width` (at most 8) bytes of `blob` at `off`, little-endian;
/// bytes past its end are 0.
pub(crate) fn blob_get(blob: &[u8], off: u64, width: u64) -> u64 {
    let width = blob_width(width);
    let mut word = [0u8; 8];
    for (i, b) in word.iter_mut().take(width).enumerate() {
        *b = usize::try_from(off)
            .ok()
            .and_then(|o| o.checked_add(i))
            .and_then(|at| blob.get(at))
            .copied()
            .unwrap_or(0);
    }
    u64::from_le_bytes(word)
}

/// `out` = `blob` cut or zero-filled to `out`'s length, with the low
/// `width` bytes of `value` written at `off` (those past the end dropped).
pub(crate) fn blob_set(out: &mut [u8], blob: &[u8], off: u64, width: u64, value: u64) {
    let bytes = value.to_le_bytes();
    let value = bytes.get(..blob_width(width)).unwrap_or(&[]);
    blob_put(out, blob, off, value, value.len() as u64);
}

/// `out` = `blob` cut or zero-filled to `out`'s length, with `v` cut or
/// zero-filled to `vsize` bytes written at `off` (those past the end
/// dropped).
pub(crate) fn blob_put(out: &mut [u8], blob: &[u8], off: u64, v: &[u8], vsize: u64) {
    for (i, b) in out.iter_mut().enumerate() {
        *b = blob.get(i).copied().unwrap_or(0);
    }
    let Ok(off) = usize::try_from(off) else {
        return;
    };
    let end = usize::try_from(vsize)
        .ok()
        .and_then(|n| off.checked_add(n))
        .unwrap_or(usize::MAX)
        .min(out.len());
    for (i, b) in out
        .get_mut(off..end)
        .unwrap_or(&mut [])
        .iter_mut()
        .enumerate()
    {
        *b = v.get(i).copied().unwrap_or(0);
    }
}

/// A member's width in bytes: at most 8.
fn blob_width(width: u64) -> usize {
    width.min(8) as usize
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn paths_split_as_dtrace_does() {
        let cases: [(&[u8], &[u8], &[u8]); 7] = [
            (b"/usr/lib/libc.so", b"libc.so", b"/usr/lib"),
            (b"/usr/lib/", b"lib", b"/usr"),
            (b"file", b"file", b"."),
            (b"/", b"/", b"/"),
            (b"", b".", b"."),
            (b"/etc", b"etc", b"/"),
            (b"a//b", b"b", b"a"),
        ];
        for (path, base, dir) in cases {
            assert_eq!(basename(path), base, "{:?}", core::str::from_utf8(path));
            assert_eq!(dirname(path), dir, "{:?}", core::str::from_utf8(path));
        }
    }

    #[test]
    fn numbers_and_searches() {
        let mut out = [0u8; 24];
        assert_eq!(find(b"hello", b"l", false), Some(2));
        assert_eq!(find(b"hello", b"l", true), Some(3));
        assert_eq!(find(b"hello", b"z", false), None);
        let n = case(&mut out, b"MiXed 1", true);
        assert_eq!(&out[..n], b"MIXED 1");
    }

    #[test]
    fn blob_members_read_and_write_inside_the_struct_only() {
        let mut out = [0xffu8; 6];
        blob_set(&mut out, &[1, 2], 2, 2, 0x0403);
        assert_eq!(out, [1, 2, 3, 4, 0, 0]);
        assert_eq!(blob_get(&out, 0, 4), 0x0403_0201);
        assert_eq!(blob_get(&out, 4, 8), 0, "past the end reads 0");
        assert_eq!(blob_get(&[], 0, 8), 0, "an unset struct reads 0");
        let mut short = [0u8; 3];
        blob_set(&mut short, &[9; 8], 2, 4, u64::MAX);
        assert_eq!(short, [9, 9, 0xff], "cut to the size, the tail dropped");
        assert_eq!(blob_get(&short, u64::MAX, 2), 0);
        let mut whole = [0xffu8; 6];
        blob_put(&mut whole, &[7], 2, &[5], 3);
        assert_eq!(
            whole,
            [7, 0, 5, 0, 0, 0],
            "the member zero-filled to its size"
        );
        blob_put(&mut whole, &[], 4, &[1, 2, 3, 4], 4);
        assert_eq!(whole, [0, 0, 0, 0, 1, 2]);
    }
}
