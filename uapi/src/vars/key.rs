//! A dynamic variable's key, encoded as words so that it can be hashed,
//! compared with and written into a table entry without a buffer (a key
//! may be several KiB; probe context has no room for it on the stack).
//!
//! Word 0, the header: the variable id (bits 0..32), the body's length in
//! bytes (bits 32..48) and [`THREAD_FLAG`] for a thread-local. The body:
//! for a thread-local, the thread key (one word); for an associative
//! array, each element in turn: an integer as tag 1 and 8 bytes, a string
//! as tag 2, a 2-byte length and its bytes (at most `strsize`), packed
//! little-endian into words, the last one zero-padded.

use crate::dif::env::Value;
use crate::dif::program::VarKind;

/// Words before the body.
pub const HEADER_WORDS: usize = 1;
/// Header bit of a thread-local's key.
pub const THREAD_FLAG: u64 = 1 << 63;

const TAG_INT: u8 = 1;
const TAG_STR: u8 = 2;

/// The largest body a variable of `kind` with `arity` keys can have.
pub const fn max_body_bytes(kind: VarKind, arity: u8, strsize: u32) -> usize {
    match kind {
        VarKind::ThreadLocal => 8,
        _ => {
            let s = (strsize as usize).saturating_add(3);
            let elem = if s > 9 { s } else { 9 };
            (arity as usize).saturating_mul(elem)
        }
    }
}

/// The key a thread's `self->` variables are stored under: its thread id;
/// the idle tasks (tid 0, one per CPU) are told apart by their CPU.
pub const fn thread_key(tid: u64, cpu: u64) -> u64 {
    if tid == 0 {
        (1 << 62) | cpu
    } else {
        tid
    }
}

/// A key to look up or store.
#[derive(Clone, Copy, Debug)]
pub struct Key<'a> {
    header: u64,
    thread: u64,
    elems: &'a [Value<'a>],
    strsize: usize,
}

impl<'a> Key<'a> {
    /// Thread-local variable `var` of the thread `thread`.
    pub const fn thread(var: u32, thread: u64) -> Key<'static> {
        Key {
            header: var as u64 | (8 << 32) | THREAD_FLAG,
            thread,
            elems: &[],
            strsize: 0,
        }
    }

    /// Associative array `var` at the tuple `elems` (strings cut to
    /// `strsize` bytes).
    pub fn assoc(var: u32, elems: &'a [Value<'a>], strsize: usize) -> Key<'a> {
        let strsize = strsize.min(u16::MAX as usize);
        let body: usize = elems
            .iter()
            .map(|e| elem_len(e, strsize))
            .fold(0, usize::saturating_add);
        Key {
            header: u64::from(var) | ((body.min(0xffff) as u64) << 32),
            thread: 0,
            elems,
            strsize,
        }
    }

    /// The header word.
    pub const fn header(&self) -> u64 {
        self.header
    }

    /// Words the key takes: header and body.
    pub const fn len_words(&self) -> usize {
        HEADER_WORDS.saturating_add(body_len(self.header).div_ceil(8))
    }

    /// The key's words, header first.
    pub fn words(&self) -> Words<'a> {
        Words {
            key: *self,
            word: 0,
            elem: 0,
            unit: 0,
            pending: 0,
            bits: 0,
        }
    }

    /// The key's hash (its high bits are the entry's tag): a thread-local's
    /// two words and a small key's encoding are hashed from registers and
    /// the stack rather than through [`Key::words`]' piecewise encoder.
    pub fn hash(&self) -> u64 {
        if let Some(words) = self.thread_words() {
            return hash_words(&words);
        }
        let mut small = [0u64; SMALL_WORDS];
        match self.encode(&mut small) {
            Some(words) => hash_words(words),
            None => mix(self.words()),
        }
    }

    /// A thread-local's words (header, thread), which is all of its key.
    #[inline(always)]
    pub const fn thread_words(&self) -> Option<[u64; 2]> {
        if self.header & THREAD_FLAG != 0 {
            Some([self.header, self.thread])
        } else {
            None
        }
    }

    /// The key's words written into `out` in one pass, when they fit: the
    /// common small key is then hashed, compared and stored from a slice
    /// rather than encoded again by [`Key::words`] each time.
    pub fn encode<'o>(&self, out: &'o mut [u64; SMALL_WORDS]) -> Option<&'o [u64]> {
        let n = self.len_words();
        let words = out.get_mut(..n)?;
        let (head, body) = words.split_first_mut()?;
        *head = self.header;
        if self.header & THREAD_FLAG != 0 {
            if let Some(w) = body.first_mut() {
                *w = self.thread;
            }
            return Some(words);
        }
        if self.elems.is_empty() {
            // `@ = count()`'s key: the header alone.
            return Some(words);
        }
        let mut bytes = [0u8; (SMALL_WORDS - HEADER_WORDS) * 8];
        let mut at = 0usize;
        for e in self.elems {
            match *e {
                Value::Int(x) => {
                    let dst = bytes.get_mut(at..at.checked_add(9)?)?;
                    dst[0] = TAG_INT;
                    dst.get_mut(1..)?.copy_from_slice(&x.to_le_bytes());
                    at = at.saturating_add(9);
                }
                Value::Str(s) => {
                    let s = s.get(..s.len().min(self.strsize)).unwrap_or(&[]);
                    let end = at.checked_add(3)?.checked_add(s.len())?;
                    let dst = bytes.get_mut(at..end)?;
                    let len = (s.len() as u16).to_le_bytes();
                    dst.get_mut(..3)?
                        .copy_from_slice(&[TAG_STR, len[0], len[1]]);
                    dst.get_mut(3..)?.copy_from_slice(s);
                    at = end;
                }
            }
        }
        for (i, w) in body.iter_mut().enumerate() {
            let at = i.saturating_mul(8);
            let c = bytes.get(at..at.saturating_add(8)).unwrap_or(&[]);
            *w = u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or_default());
        }
        Some(words)
    }
}

/// Most words (header included) [`Key::encode`] writes.
pub const SMALL_WORDS: usize = 8;

/// The hash of a key's words, as [`Key::hash`].
pub fn hash_words(words: &[u64]) -> u64 {
    mix(words.iter().copied())
}

impl Key<'_> {
    /// The hash that picks the key's home entry: for a thread-local, the
    /// thread's alone, so that all of a thread's variables are found from
    /// one place when it exits.
    pub fn home(&self) -> u64 {
        if self.header & THREAD_FLAG != 0 {
            thread_home(self.thread)
        } else {
            self.hash()
        }
    }
}

/// The home hash of the thread-locals of the thread `thread`.
pub fn thread_home(thread: u64) -> u64 {
    mix(core::iter::once(thread))
}

fn mix(words: impl Iterator<Item = u64>) -> u64 {
    let mut h: u64 = 0x243f_6a88_85a3_08d3;
    for w in words {
        h = (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
    }
    // A final avalanche so that the high bits (the tag) and the low bits
    // (the slot) both depend on every word.
    h ^= h >> 32;
    h = h.wrapping_mul(0xd6e8_feb8_6659_fd93);
    h ^ (h >> 32)
}

/// The body length of a key with header `header`.
pub const fn body_len(header: u64) -> usize {
    ((header >> 32) & 0xffff) as usize
}

fn elem_len(v: &Value<'_>, strsize: usize) -> usize {
    match v {
        Value::Int(_) => 9,
        Value::Str(s) => 3usize.saturating_add(s.len().min(strsize)),
    }
}

/// The `unit`th piece of the encoding of `v`, at most 32 bits, as
/// (bits, how many): an integer is its tag, then its low and high halves;
/// a string its tag and 2-byte length, then its bytes four at a time.
/// `None` past its end. Pieces, not bytes: keys are hashed and compared on
/// every aggregation and variable access in probe context.
#[inline(always)]
fn elem_unit(v: &Value<'_>, unit: usize, strsize: usize) -> Option<(u64, u32)> {
    match *v {
        Value::Int(x) => match unit {
            0 => Some((u64::from(TAG_INT), 8)),
            1 => Some((x & 0xffff_ffff, 32)),
            2 => Some((x >> 32, 32)),
            _ => None,
        },
        Value::Str(s) => {
            let s = s.get(..s.len().min(strsize)).unwrap_or(&[]);
            let Some(at) = unit.checked_sub(1) else {
                return Some((u64::from(TAG_STR) | ((s.len() as u64 & 0xffff) << 8), 24));
            };
            let rest = s.get(at.saturating_mul(4)..).unwrap_or(&[]);
            let chunk = rest.get(..4).unwrap_or(rest);
            if chunk.is_empty() {
                return None;
            }
            let bits = chunk
                .iter()
                .rev()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            Some((bits, (chunk.len() as u32).saturating_mul(8)))
        }
    }
}

/// The words of a [`Key`].
pub struct Words<'a> {
    key: Key<'a>,
    word: usize,
    elem: usize,
    unit: usize,
    /// Encoded bits not yet returned, `bits` of them, low first.
    pending: u128,
    bits: u32,
}

impl Words<'_> {
    /// The next body word: pieces appended until a word is full or the
    /// elements end (the rest zero).
    fn body_word(&mut self) -> u64 {
        while self.bits < 64 {
            let Some(e) = self.key.elems.get(self.elem) else {
                break;
            };
            match elem_unit(e, self.unit, self.key.strsize) {
                Some((v, n)) => {
                    self.pending |= u128::from(v) << self.bits;
                    self.bits = self.bits.saturating_add(n);
                    self.unit = self.unit.saturating_add(1);
                }
                None => {
                    self.elem = self.elem.saturating_add(1);
                    self.unit = 0;
                }
            }
        }
        let w = self.pending as u64;
        self.pending >>= 64;
        self.bits = self.bits.saturating_sub(64);
        w
    }
}

impl Iterator for Words<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let at = self.word;
        if at >= self.key.len_words() {
            return None;
        }
        self.word = at.saturating_add(1);
        if at == 0 {
            return Some(self.key.header);
        }
        if self.key.header & THREAD_FLAG != 0 {
            return Some(self.key.thread);
        }
        Some(self.body_word())
    }
}
