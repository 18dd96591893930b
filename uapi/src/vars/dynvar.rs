//! The dynamic-variable table: thread-locals and associative-array
//! elements of one session, in fixed-size entries preallocated at ENABLE.
//!
//! Open addressing with linear probing over at most [`MAX_PROBE`] entries
//! from the key's home slot. Each entry starts with a state word: the
//! state (3 bits), a 16-bit tag from the key's hash (so that a probe
//! mostly reads one word per entry) and a generation count (45 bits)
//! bumped by every transition, so that a reader can tell an entry that was
//! freed and reused under it (no ABA) and so that every claim is a
//! compare-and-swap on the exact word a CPU saw.
//!
//! States: EMPTY (never used: ends a probe), FREE (deleted: reusable, a
//! probe goes past it), INIT (being claimed: key and value being written),
//! LIVE, BUSY (a live entry whose value is being rewritten; its key is
//! stable). Writers move an entry out of LIVE/FREE/EMPTY with a
//! compare-and-swap, write, then publish with a release store; readers are
//! seqlock readers: read the state (acquire), the words, then the state
//! again, and use what they read only if it did not change. Nothing ever
//! waits for another CPU: a reader that keeps losing the race reads the
//! variable as unset, a writer that keeps losing drops its store.
//!
//! Two CPUs inserting the same new key at the same instant may both
//! succeed; every insert then looks again and gives way to an earlier
//! entry of the same key (waiting a bounded time for one still being
//! written). A writer stalled mid-insert past that bound can leave a
//! duplicate: it is shadowed by the first entry (reads and writes find
//! the first) and a delete frees every match, so it costs only space
//! until then (DTrace's dynamic variables are unsynchronised likewise).

use super::key::{body_len, thread_home, Key, HEADER_WORDS, THREAD_FLAG};
use super::slots;
use crate::dif::env::{Loaded, Value};
use crate::dif::fault::FaultCode;
use crate::dif::Ty;
use core::sync::atomic::{fence, AtomicU64, Ordering};

/// Most entries a lookup or insert examines from the key's home slot.
pub const MAX_PROBE: usize = 64;
/// Times an operation starts over after losing a race before giving up.
const ATTEMPTS: usize = 4;

const EMPTY: u64 = 0;
const FREE: u64 = 1;
const INIT: u64 = 2;
const LIVE: u64 = 3;
const BUSY: u64 = 4;
const STATE_BITS: u32 = 3;
const TAG_BITS: u32 = 16;
const GEN_SHIFT: u32 = STATE_BITS + TAG_BITS;

const fn state_of(s: u64) -> u64 {
    s & ((1 << STATE_BITS) - 1)
}

const fn tag_of(s: u64) -> u64 {
    (s >> STATE_BITS) & ((1 << TAG_BITS) - 1)
}

/// The word after `s`: the next generation, in state `st` with tag `tag`.
const fn next(s: u64, st: u64, tag: u64) -> u64 {
    ((s >> GEN_SHIFT).wrapping_add(1) << GEN_SHIFT) | (tag << STATE_BITS) | st
}

/// What a store did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Stored, updated or deleted.
    Done,
    /// No free entry (or too much contention): dropped.
    Full,
}

/// The table over caller-owned words (all zero at the start: EMPTY).
pub struct DynTable<'a> {
    words: &'a [AtomicU64],
    key_words: usize,
    stride: usize,
    capacity: usize,
}

/// What precedes an inserted entry in its key's probe order.
enum Earlier {
    /// No other entry of the key.
    None,
    /// An entry with the key's tag still being written: maybe the key.
    Pending,
    /// A live entry of the key, at this index, whose state word was this.
    Live(usize, u64),
}

/// Where a search ended.
enum Search {
    /// A live entry of the key, at this index, whose state word was this.
    Found(usize, u64),
    /// No live entry; the first reusable one on the way, if any.
    Missing(Option<(usize, u64)>),
}

impl<'a> DynTable<'a> {
    /// A table of entries of `key_words + value_words` words (plus the
    /// state word) in `words`.
    pub fn new(words: &'a [AtomicU64], key_words: usize, value_words: usize) -> DynTable<'a> {
        let stride = 1usize.saturating_add(key_words).saturating_add(value_words);
        let capacity = if key_words == 0 {
            0
        } else {
            words.len().checked_div(stride).unwrap_or(0)
        };
        DynTable {
            words,
            key_words,
            stride,
            capacity,
        }
    }

    /// [`DynTable::new`] with its capacity known (computed by `new` once,
    /// at ENABLE), which spares a division per probe firing; a capacity
    /// the words cannot hold gives an empty table.
    pub fn with_capacity(
        words: &'a [AtomicU64],
        key_words: usize,
        value_words: usize,
        capacity: usize,
    ) -> DynTable<'a> {
        let stride = 1usize.saturating_add(key_words).saturating_add(value_words);
        let fits = key_words != 0
            && capacity
                .checked_mul(stride)
                .is_some_and(|n| n <= words.len());
        DynTable {
            words,
            key_words,
            stride,
            capacity: if fits { capacity } else { 0 },
        }
    }

    /// The number of entries.
    pub const fn capacity(&self) -> usize {
        self.capacity
    }

    /// Live entries (a snapshot, for tests and statistics).
    pub fn live(&self) -> usize {
        (0..self.capacity)
            .filter(|&i| state_of(self.state(i).load(Ordering::Relaxed)) == LIVE)
            .count()
    }

    fn entry(&self, i: usize) -> &'a [AtomicU64] {
        let at = i.saturating_mul(self.stride);
        self.words
            .get(at..at.saturating_add(self.stride))
            .unwrap_or(&[])
    }

    fn state(&self, i: usize) -> &'a AtomicU64 {
        static NONE: AtomicU64 = AtomicU64::new(EMPTY);
        self.entry(i).first().unwrap_or(&NONE)
    }

    fn key_area(&self, i: usize) -> &'a [AtomicU64] {
        self.entry(i)
            .get(1..1usize.saturating_add(self.key_words))
            .unwrap_or(&[])
    }

    fn value_area(&self, i: usize) -> &'a [AtomicU64] {
        self.entry(i)
            .get(1usize.saturating_add(self.key_words)..)
            .unwrap_or(&[])
    }

    /// The entries a key may live in, in probe order.
    fn probe(&self, hash: u64) -> impl Iterator<Item = usize> {
        let cap = self.capacity;
        // The high half of hash * capacity: a slot in 0..capacity.
        let home = ((u128::from(hash).wrapping_mul(cap as u128)) >> 64) as usize;
        (0..cap.min(MAX_PROBE)).map(move |i| {
            let j = home.wrapping_add(i);
            if j >= cap {
                j.wrapping_sub(cap)
            } else {
                j
            }
        })
    }

    /// Whether entry `i`'s key is `key` (the caller validates the state).
    fn key_matches(&self, i: usize, key: &Key<'_>) -> bool {
        let area = self.key_area(i);
        if let Some([h, t]) = key.thread_words() {
            return match area {
                [a, b, ..] => a.load(Ordering::Relaxed) == h && b.load(Ordering::Relaxed) == t,
                _ => false,
            };
        }
        area.len() >= key.len_words()
            && key
                .words()
                .zip(area)
                .all(|(w, a)| a.load(Ordering::Relaxed) == w)
    }

    /// Whether the state word of `i` is still `s` after reads made under it.
    fn still(&self, i: usize, s: u64) -> bool {
        fence(Ordering::Acquire);
        self.state(i).load(Ordering::Relaxed) == s
    }

    fn search(&self, key: &Key<'_>, hash: u64) -> Search {
        let tag = hash >> (64 - TAG_BITS);
        let mut reusable = None;
        for i in self.probe(key.home()) {
            let s = self.state(i).load(Ordering::Acquire);
            match state_of(s) {
                EMPTY => return Search::Missing(reusable.or(Some((i, s)))),
                FREE => {
                    reusable = reusable.or(Some((i, s)));
                }
                LIVE | BUSY if tag_of(s) == tag && self.key_matches(i, key) && self.still(i, s) => {
                    return Search::Found(i, s);
                }
                _ => {}
            }
        }
        Search::Missing(reusable)
    }

    /// Reads `key`'s value of type `ty` (a string into `out`); unset (or
    /// lost to writers [`ATTEMPTS`] times) reads 0 or "". Allocates nothing.
    pub fn load(&self, key: &Key<'_>, ty: Ty, out: &mut [u8]) -> Loaded {
        let hash = key.hash();
        for _ in 0..ATTEMPTS {
            let Search::Found(i, s) = self.search(key, hash) else {
                return slots::empty(ty);
            };
            if state_of(s) != LIVE {
                continue;
            }
            let got = slots::load(self.value_area(i), 0, ty, out);
            if self.still(i, s) {
                return got;
            }
        }
        slots::empty(ty)
    }

    /// Stores `value` (of the variable's type `ty`) under `key`; the
    /// integer 0 deletes the key instead, and so does a zeroed struct (a
    /// nonempty string of zero bytes, which no D string is), as in DTrace.
    pub fn store(&self, key: &Key<'_>, ty: Ty, value: Value<'_>) -> Result<Stored, FaultCode> {
        match (ty, value) {
            (Ty::Int, Value::Int(0)) => {
                self.remove(key);
                return Ok(Stored::Done);
            }
            (Ty::Str, Value::Str(s)) if !s.is_empty() && s.iter().all(|&b| b == 0) => {
                self.remove(key);
                return Ok(Stored::Done);
            }
            (Ty::Int, Value::Int(_)) | (Ty::Str, Value::Str(_)) => {}
            _ => return Err(FaultCode::IllegalOp),
        }
        if key.len_words() > self.key_words {
            return Err(FaultCode::IllegalOp);
        }
        let hash = key.hash();
        let tag = hash >> (64 - TAG_BITS);
        for _ in 0..ATTEMPTS {
            match self.search(key, hash) {
                Search::Found(i, s) => {
                    if state_of(s) == LIVE && self.rewrite(i, s, BUSY, tag, |_| {}, ty, value) {
                        return Ok(Stored::Done);
                    }
                }
                Search::Missing(None) => return Ok(Stored::Full),
                Search::Missing(Some((i, s))) => {
                    let write_key = |area: &[AtomicU64]| {
                        for (a, w) in area.iter().zip(key.words()) {
                            a.store(w, Ordering::Relaxed);
                        }
                    };
                    if self.rewrite(i, s, INIT, tag, write_key, ty, value) {
                        self.give_way(i, key, hash, ty, value);
                        return Ok(Stored::Done);
                    }
                }
            }
        }
        Ok(Stored::Full)
    }

    /// Claims entry `i` (seen as `s`) in state `via`, writes the key (with
    /// `write_key`) and the value, and publishes it LIVE. False if another
    /// CPU changed the entry first.
    #[allow(clippy::too_many_arguments)]
    fn rewrite(
        &self,
        i: usize,
        s: u64,
        via: u64,
        tag: u64,
        write_key: impl FnOnce(&[AtomicU64]),
        ty: Ty,
        value: Value<'_>,
    ) -> bool {
        let state = self.state(i);
        let claimed = next(s, via, tag);
        if state
            .compare_exchange(s, claimed, Ordering::AcqRel, Ordering::Relaxed)
            .is_err()
        {
            return false;
        }
        // Seqlock writer: the claim is ordered before the data writes.
        fence(Ordering::Release);
        write_key(self.key_area(i));
        let _ = slots::store(self.value_area(i), 0, ty, value);
        state.store(next(claimed, LIVE, tag), Ordering::Release);
        true
    }

    /// After inserting `key` at `mine`: if another CPU's insert of the same
    /// key comes first in probe order, frees `mine` and stores there. An
    /// earlier entry still being claimed (INIT) with the key's tag may be
    /// that insert: look again, a bounded number of times.
    fn give_way(&self, mine: usize, key: &Key<'_>, hash: u64, ty: Ty, value: Value<'_>) {
        let tag = hash >> (64 - TAG_BITS);
        for _ in 0..ATTEMPTS {
            match self.first_before(mine, key, tag) {
                Earlier::None => return,
                Earlier::Pending => core::hint::spin_loop(),
                Earlier::Live(i, s) => {
                    self.free_if_key(mine, key);
                    if state_of(s) == LIVE {
                        let _ = self.rewrite(i, s, BUSY, tag, |_| {}, ty, value);
                    }
                    return;
                }
            }
        }
    }

    /// The first entry of `key` before `mine` in probe order.
    fn first_before(&self, mine: usize, key: &Key<'_>, tag: u64) -> Earlier {
        let mut pending = false;
        for i in self.probe(key.home()) {
            if i == mine {
                break;
            }
            let s = self.state(i).load(Ordering::Acquire);
            if tag_of(s) != tag {
                continue;
            }
            match state_of(s) {
                INIT => pending = true,
                LIVE | BUSY if self.key_matches(i, key) && self.still(i, s) => {
                    return Earlier::Live(i, s);
                }
                _ => {}
            }
        }
        if pending {
            Earlier::Pending
        } else {
            Earlier::None
        }
    }

    /// Frees entry `i` if it is a live entry of `key`.
    fn free_if_key(&self, i: usize, key: &Key<'_>) -> bool {
        for _ in 0..ATTEMPTS {
            let state = self.state(i);
            let s = state.load(Ordering::Acquire);
            match state_of(s) {
                LIVE => {}
                BUSY => continue,
                _ => return false,
            }
            if !(self.key_matches(i, key) && self.still(i, s)) {
                return false;
            }
            if state
                .compare_exchange(s, next(s, FREE, 0), Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                return true;
            }
        }
        false
    }

    /// Deletes every live entry of `key`.
    pub fn remove(&self, key: &Key<'_>) {
        let hash = key.hash();
        let tag = hash >> (64 - TAG_BITS);
        for i in self.probe(key.home()) {
            let s = self.state(i).load(Ordering::Acquire);
            match state_of(s) {
                EMPTY => return,
                LIVE | BUSY if tag_of(s) == tag => {
                    self.free_if_key(i, key);
                }
                _ => {}
            }
        }
    }

    /// Frees every thread-local entry of the thread `thread` (an exited
    /// thread's); returns how many. A thread's entries all start their
    /// probe at its home, so this reads at most [`MAX_PROBE`] entries.
    pub fn reclaim_thread(&self, thread: u64) -> usize {
        let mut freed: usize = 0;
        for i in self.probe(thread_home(thread)) {
            let state = self.state(i);
            let s = state.load(Ordering::Acquire);
            match state_of(s) {
                EMPTY => break,
                LIVE => {}
                _ => continue,
            }
            let area = self.key_area(i);
            let (Some(h), Some(t)) = (area.first(), area.get(HEADER_WORDS)) else {
                continue;
            };
            let (h, t) = (h.load(Ordering::Relaxed), t.load(Ordering::Relaxed));
            if h & THREAD_FLAG == 0 || body_len(h) != 8 || t != thread || !self.still(i, s) {
                continue;
            }
            if state
                .compare_exchange(s, next(s, FREE, 0), Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                freed = freed.saturating_add(1);
            }
        }
        freed
    }
}
