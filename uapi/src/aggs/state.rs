//! What each aggregating function keeps per key, and how a value is
//! folded in (DTrace's `dtrace_aggregate_*`), on words of the table.

use crate::dif::env::AggFunc;
use core::sync::atomic::{AtomicU64, Ordering};

/// Buckets of `quantize`: 63 negative powers of two, zero, 63 positive.
pub const QUANTIZE_BUCKETS: usize = 127;
/// The bucket of the value 0.
pub const QUANTIZE_ZERO: usize = 63;

/// Words of state `func` keeps per key; `None` if the kernel does not
/// aggregate with it (yet).
pub const fn value_words(func: AggFunc) -> Option<usize> {
    Some(match func {
        // quantize, lquantize, llquantize: one entry per bucket (see `super::quantize`)
        AggFunc::Count
        | AggFunc::Sum
        | AggFunc::Min
        | AggFunc::Max
        | AggFunc::Lquantize
        | AggFunc::Llquantize
        | AggFunc::Quantize => 1,
        // count, sum
        AggFunc::Avg => 2,
        // count, sum, sum of squares (128 bits, low word first)
        AggFunc::Stddev => 4,
    })
}

/// The function's code in a snapshot entry.
pub const fn code(func: AggFunc) -> u8 {
    match func {
        AggFunc::Count => 1,
        AggFunc::Sum => 2,
        AggFunc::Min => 3,
        AggFunc::Max => 4,
        AggFunc::Avg => 5,
        AggFunc::Stddev => 6,
        AggFunc::Quantize => 7,
        AggFunc::Lquantize => 8,
        AggFunc::Llquantize => 9,
    }
}

/// The function of a snapshot entry's code.
pub const fn func_of(code: u8) -> Option<AggFunc> {
    Some(match code {
        1 => AggFunc::Count,
        2 => AggFunc::Sum,
        3 => AggFunc::Min,
        4 => AggFunc::Max,
        5 => AggFunc::Avg,
        6 => AggFunc::Stddev,
        7 => AggFunc::Quantize,
        8 => AggFunc::Lquantize,
        9 => AggFunc::Llquantize,
        _ => return None,
    })
}

/// The quantize bucket of `v`, as DTrace's `dtrace_aggregate_quantize`:
/// a positive `v` goes in the highest bucket whose value (see
/// [`quantize_bucket_value`]) is at most `v`, a negative one in the lowest
/// whose value is at least `v` (-3 with -2, -5 with -4).
pub const fn quantize_bucket(v: i64) -> usize {
    if v == 0 {
        QUANTIZE_ZERO
    } else if v > 0 {
        // 1 -> 64, 2..3 -> 65, ...: 64 + floor(log2(v)).
        let log2 = 63usize.saturating_sub(v.leading_zeros() as usize);
        QUANTIZE_ZERO.saturating_add(1).saturating_add(log2)
    } else {
        // -1 -> 62, -2..-3 -> 61, -4..-7 -> 60, ...: 62 - floor(log2(-v)).
        let log2 = 63usize.saturating_sub(v.unsigned_abs().leading_zeros() as usize);
        62usize.saturating_sub(log2)
    }
}

/// The lower bound of quantize bucket `i` (DTrace's
/// `DTRACE_QUANTIZE_BUCKETVAL`), the value its row is labelled with.
pub const fn quantize_bucket_value(i: usize) -> i64 {
    if i < QUANTIZE_ZERO {
        let shift = QUANTIZE_ZERO.saturating_sub(1).saturating_sub(i);
        (1i64 << shift).wrapping_neg()
    } else if i == QUANTIZE_ZERO {
        0
    } else {
        let shift = i.saturating_sub(QUANTIZE_ZERO).saturating_sub(1);
        1i64 << if shift > 62 { 62 } else { shift }
    }
}

/// Sets the state of a new entry (before its first value).
pub fn init(func: AggFunc, words: &[AtomicU64]) {
    let first = match func {
        AggFunc::Min => i64::MAX as u64,
        AggFunc::Max => i64::MIN as u64,
        _ => 0,
    };
    for (i, w) in words.iter().enumerate() {
        w.store(if i == 0 { first } else { 0 }, Ordering::Relaxed);
    }
}

fn add(w: Option<&AtomicU64>, v: u64) {
    if let Some(w) = w {
        w.store(w.load(Ordering::Relaxed).wrapping_add(v), Ordering::Relaxed);
    }
}

/// Folds `value` into the state `words` of `func`. Inlined: the hit
/// path's fixed-key route is little more than this.
#[inline(always)]
pub fn apply(func: AggFunc, words: &[AtomicU64], value: u64) {
    let signed = value as i64;
    match func {
        AggFunc::Count => add(words.first(), 1),
        // The bucket's entry: `value` is the increment.
        AggFunc::Quantize | AggFunc::Lquantize | AggFunc::Llquantize => add(words.first(), value),
        AggFunc::Sum => add(words.first(), value),
        AggFunc::Min | AggFunc::Max => {
            if let Some(w) = words.first() {
                let old = w.load(Ordering::Relaxed) as i64;
                let better = if func == AggFunc::Min {
                    signed < old
                } else {
                    signed > old
                };
                if better {
                    w.store(value, Ordering::Relaxed);
                }
            }
        }
        AggFunc::Avg => {
            add(words.first(), 1);
            add(words.get(1), value);
        }
        AggFunc::Stddev => {
            add(words.first(), 1);
            add(words.get(1), value);
            let sq =
                u128::from(signed.unsigned_abs()).wrapping_mul(u128::from(signed.unsigned_abs()));
            let (lo, hi) = (words.get(2), words.get(3));
            if let (Some(lo), Some(hi)) = (lo, hi) {
                let old = u128::from(lo.load(Ordering::Relaxed))
                    | (u128::from(hi.load(Ordering::Relaxed)) << 64);
                let new = old.wrapping_add(sq);
                lo.store(new as u64, Ordering::Relaxed);
                hi.store((new >> 64) as u64, Ordering::Relaxed);
            }
        }
    }
}
