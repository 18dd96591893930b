//! One CPU's aggregation table over caller-allocated words (all zero at
//! the start), preallocated at ENABLE.
//!
//! Word 0 counts the data words in use; then an index of `slots` words
//! (a power of two, about a quarter of the words), each 0 or one plus
//! the offset of an entry in the data area; then the data area, filled from its start: entries are
//! never freed, so the used part of the data area is itself the snapshot
//! (see [`super::snapshot`] for an entry's layout). Keys are encoded as
//! dynamic variables' are ([`crate::vars::key`]), the aggregation id in
//! the header.
//!
//! Only the owning CPU's hits write, one at a time (the hit path claims
//! the CPU), so plain loads and stores suffice; a reader on another CPU
//! reads `used` (acquire) and only entries before it, which are complete.

use super::snapshot::entry_header;
use super::state;
use crate::dif::env::AggFunc;
use crate::dif::fault::FaultCode;
use crate::vars::dynvar::MAX_PROBE;
use crate::vars::key::{hash_words, Key, SMALL_WORDS};
use core::sync::atomic::{AtomicU64, Ordering};

/// What an update did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Updated {
    /// Folded in.
    Done,
    /// No room for a new key: dropped (the caller counts it).
    Full,
}

/// The table.
pub struct AggTable<'a> {
    used: &'a AtomicU64,
    index: &'a [AtomicU64],
    data: &'a [AtomicU64],
}

impl<'a> AggTable<'a> {
    /// The table in `words` (a quarter of them, rounded down to a power
    /// of two, index the rest).
    pub fn new(words: &'a [AtomicU64]) -> AggTable<'a> {
        static NONE: AtomicU64 = AtomicU64::new(0);
        let (used, rest) = words.split_first().unwrap_or((&NONE, &[]));
        let quarter = rest.len() / 4;
        // The largest power of two at most `quarter`: an entry takes at
        // least 3 words, so the index stays under three quarters full.
        let slots = if quarter == 0 {
            0
        } else {
            1usize << quarter.ilog2()
        };
        let (index, data) = rest.split_at(slots.min(rest.len()));
        AggTable { used, index, data }
    }

    /// The used part of the data area: the entries, complete.
    pub fn entries(&self) -> &'a [AtomicU64] {
        let used = usize::try_from(self.used.load(Ordering::Acquire)).unwrap_or(0);
        self.data.get(..used).unwrap_or(&[])
    }

    /// Folds `value` into the entry of `key` for `func`, creating it.
    pub fn update(&self, key: &Key<'_>, func: AggFunc, value: u64) -> Result<Updated, FaultCode> {
        Ok(match self.find_update(key, func, value)? {
            Some(_) => Updated::Done,
            None => Updated::Full,
        })
    }

    /// [`AggTable::update`], noting in `cache` where the entry's state is
    /// (one plus its index in the table's words) for
    /// [`AggTable::apply_noted`]. Entries never move and are never freed,
    /// so the note stays true for the table's life; the caller keeps one
    /// `cache` per key it updates with (a key that is the same on every hit
    /// of one probe).
    pub fn update_cached(
        &self,
        cache: &AtomicU64,
        key: &Key<'_>,
        func: AggFunc,
        value: u64,
    ) -> Result<Updated, FaultCode> {
        Ok(match self.find_update(key, func, value)? {
            Some(at) => {
                // The data area follows `used` and the index.
                let word = at.saturating_add(1).saturating_add(self.index.len());
                cache.store((word as u64).saturating_add(1), Ordering::Relaxed);
                Updated::Done
            }
            None => Updated::Full,
        })
    }

    /// Folds `value` into the entry `cache` notes in the table over
    /// `words` (see [`AggTable::update_cached`]) without hashing or
    /// comparing the key, or even laying the table out: false, and nothing
    /// done, if it notes none.
    #[inline(always)]
    pub fn apply_noted(words: &[AtomicU64], cache: &AtomicU64, func: AggFunc, value: u64) -> bool {
        let at = cache.load(Ordering::Relaxed);
        let Some(at) = usize::try_from(at).ok().and_then(|a| a.checked_sub(1)) else {
            return false;
        };
        let vw = state::value_words(func).unwrap_or(0);
        let Some(values) = at.checked_add(vw).and_then(|end| words.get(at..end)) else {
            return false;
        };
        state::apply(func, values, value);
        true
    }

    /// Folds `value` into the entry of `key`, creating it: the offset of
    /// its state in the data area, or `None` when full.
    fn find_update(
        &self,
        key: &Key<'_>,
        func: AggFunc,
        value: u64,
    ) -> Result<Option<usize>, FaultCode> {
        let mut small = [0u64; SMALL_WORDS];
        match key.encode(&mut small) {
            Some(words) => self.update_words(
                words.len(),
                hash_words(words),
                || words.iter().copied(),
                func,
                value,
            ),
            None => self.update_words(key.len_words(), key.hash(), || key.words(), func, value),
        }
    }

    /// [`AggTable::find_update`] for a key of `kw` words with hash `hash`,
    /// whose words `words` yields (each time it is called).
    fn update_words<I: Iterator<Item = u64>>(
        &self,
        kw: usize,
        hash: u64,
        words: impl Fn() -> I,
        func: AggFunc,
        value: u64,
    ) -> Result<Option<usize>, FaultCode> {
        let vw = state::value_words(func).ok_or(FaultCode::Unsupported)?;
        let header = entry_header(kw, vw, func);
        let mask = self.index.len().wrapping_sub(1);
        let hash = hash as usize;
        for i in 0..self.index.len().min(MAX_PROBE) {
            let slot = self
                .index
                .get(hash.wrapping_add(i) & mask)
                .ok_or(FaultCode::NoSpace)?;
            let at = slot.load(Ordering::Relaxed);
            if at == 0 {
                return Ok(self.insert(slot, kw, words(), header, func, value));
            }
            let at = usize::try_from(at).unwrap_or(usize::MAX).wrapping_sub(1);
            let Some(entry) = self.data.get(at..) else {
                continue;
            };
            if entry.first().map(|h| h.load(Ordering::Relaxed)) != Some(header) {
                continue;
            }
            let keys = entry.get(1..).unwrap_or(&[]);
            if words()
                .zip(keys)
                .all(|(w, k)| k.load(Ordering::Relaxed) == w)
            {
                let state_at = at.saturating_add(1).saturating_add(kw);
                let values =
                    entry.get(kw.saturating_add(1)..kw.saturating_add(1).saturating_add(vw));
                state::apply(func, values.unwrap_or(&[]), value);
                return Ok(Some(state_at));
            }
        }
        Ok(None)
    }

    fn insert(
        &self,
        slot: &AtomicU64,
        kw: usize,
        words: impl Iterator<Item = u64>,
        header: u64,
        func: AggFunc,
        value: u64,
    ) -> Option<usize> {
        let vw = state::value_words(func).unwrap_or(0);
        let used = usize::try_from(self.used.load(Ordering::Relaxed)).unwrap_or(usize::MAX);
        let need = 1usize.saturating_add(kw).saturating_add(vw);
        let entry = used
            .checked_add(need)
            .and_then(|end| self.data.get(used..end))?;
        let (head, rest) = entry.split_at(1);
        let (keys, values) = rest.split_at(kw.min(rest.len()));
        if let Some(h) = head.first() {
            h.store(header, Ordering::Relaxed);
        }
        for (w, k) in words.zip(keys) {
            k.store(w, Ordering::Relaxed);
        }
        state::init(func, values);
        state::apply(func, values, value);
        slot.store(used.saturating_add(1) as u64, Ordering::Relaxed);
        self.used
            .store(used.saturating_add(need) as u64, Ordering::Release);
        Some(used.saturating_add(1).saturating_add(kw))
    }
}
