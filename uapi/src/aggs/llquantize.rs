//! `llquantize(v, factor, low, high, steps)`: log-linear buckets. As for
//! `lquantize` (see `super::lquantize`), the compiler ends the key tuple
//! with the parameters and the kernel replaces them by the value's
//! bucket, one counting entry per bucket used.
//!
//! Buckets, as DTrace numbers them (`dt_print_llquantize`): with `R =
//! high - low + 1` magnitudes of `steps - steps / factor` buckets each,
//! bucket 0 holds `v <= -factor^(high+1)`, then the negative magnitudes
//! (mirrored), then `bin0 = 1 + R * (steps - steps / factor)` for
//! `|v| < factor^low`, then the positive magnitudes, and last
//! `v >= factor^(high+1)`. Magnitude `m` spans `[factor^m, factor^(m+1))`
//! in steps of `factor^(m+1) / steps` (a fraction when that is below 1:
//! buckets no integer falls in, which the printout skips).

use crate::dif::env::Value;
use crate::dif::fault::FaultCode;
use crate::dif::limits::MAX_TUPLE;

/// Parameter elements the compiler appends to the keys: factor, low,
/// high, steps, and the increment (1 unless given).
pub const PARAMS: usize = 5;

/// The parameters, checked by the compiler: `2 <= factor`, `low <= high`,
/// `factor^(high+1)` fits in 63 bits, and `steps` a multiple or divisor
/// of `factor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// The base of the magnitudes.
    pub factor: u64,
    /// The lowest magnitude.
    pub low: u64,
    /// The highest magnitude.
    pub high: u64,
    /// Buckets per magnitude, counting the `steps / factor` below it.
    pub steps: u64,
}

impl Params {
    /// Buckets per magnitude.
    pub fn per_magnitude(&self) -> u64 {
        self.steps
            .saturating_sub(self.steps.checked_div(self.factor).unwrap_or(0))
    }

    /// The bucket of `|v| < factor^low`.
    pub fn bin0(&self) -> u64 {
        let mags = self.high.saturating_sub(self.low).saturating_add(1);
        mags.saturating_mul(self.per_magnitude()).saturating_add(1)
    }

    /// How many buckets there are.
    pub fn buckets(&self) -> u64 {
        self.bin0().saturating_mul(2).saturating_add(1)
    }

    /// `factor^e` (saturating).
    pub fn pow(&self, e: u64) -> u64 {
        let mut p: u64 = 1;
        let mut i = 0;
        while i < e {
            p = p.saturating_mul(self.factor);
            i = i.saturating_add(1);
        }
        p
    }

    /// How far above `bin0` the magnitude `m >= 1` puts `v` (at least 1).
    fn offset(&self, v: u64) -> u64 {
        let mut m = self.low;
        let mut lower = self.pow(self.low);
        let mut index: u64 = 1;
        while m <= self.high {
            let upper = lower.saturating_mul(self.factor);
            if v < upper {
                // The magnitude's range [0, upper) in `steps` buckets of
                // width upper / steps, less the steps / factor below
                // `lower` (a width below 1 only where upper is small, so
                // the product cannot overflow; and no 128-bit division,
                // which the kernel lacks).
                let whole = match upper.checked_rem(self.steps) {
                    Some(0) => upper
                        .checked_div(self.steps)
                        .and_then(|w| v.checked_div(w))
                        .unwrap_or(0),
                    _ => v.saturating_mul(self.steps).checked_div(upper).unwrap_or(0),
                };
                let below = self.steps.checked_div(self.factor).unwrap_or(0);
                let within = whole.saturating_sub(below);
                return index.saturating_add(within);
            }
            index = index.saturating_add(self.per_magnitude());
            lower = upper;
            m = m.saturating_add(1);
        }
        index
    }

    /// The bucket of `v`.
    pub fn bucket(&self, v: i64) -> u64 {
        let bin0 = self.bin0();
        let a = v.unsigned_abs();
        if a < self.pow(self.low) {
            return bin0;
        }
        let off = self.offset(a).min(bin0);
        if v < 0 {
            bin0.saturating_sub(off)
        } else {
            bin0.saturating_add(off)
        }
    }
}

/// The entry's key for `value`: `keys` without the parameters, then the
/// bucket; returns the elements, how many are used, and the increment.
pub fn bucket_key<'a>(
    keys: &[Value<'a>],
    value: u64,
) -> Result<([Value<'a>; MAX_TUPLE], usize, u64), FaultCode> {
    let n = keys.len().checked_sub(PARAMS).ok_or(FaultCode::IllegalOp)?;
    let int = |i: usize| match keys.get(n.saturating_add(i)) {
        Some(Value::Int(v)) => Ok(*v),
        _ => Err(FaultCode::IllegalOp),
    };
    let p = Params {
        factor: int(0)?,
        low: int(1)?,
        high: int(2)?,
        steps: int(3)?,
    };
    if p.factor < 2 || p.high < p.low || p.steps == 0 {
        return Err(FaultCode::IllegalOp);
    }
    let mut out = [Value::Int(0); MAX_TUPLE];
    for (o, k) in out.iter_mut().zip(keys.get(..n).unwrap_or(&[])) {
        *o = *k;
    }
    let slot = out.get_mut(n).ok_or(FaultCode::IllegalOp)?;
    *slot = Value::Int(p.bucket(value as i64));
    Ok((out, n.saturating_add(1), int(4)?))
}

#[cfg(test)]
mod tests {
    use super::Params;

    #[test]
    fn buckets_follow_dtraces_layout() {
        // llquantize(v, 4, 0, 1, 8): 6 buckets a magnitude, 2 magnitudes.
        let p = Params {
            factor: 4,
            low: 0,
            high: 1,
            steps: 8,
        };
        assert_eq!((p.bin0(), p.buckets()), (13, 27));
        assert_eq!(p.bucket(0), 13);
        assert_eq!(p.bucket(1), 14);
        assert_eq!(p.bucket(2), 16);
        assert_eq!(p.bucket(3), 18);
        assert_eq!(p.bucket(4), 20);
        assert_eq!(p.bucket(6), 21);
        assert_eq!(p.bucket(15), 25);
        assert_eq!(p.bucket(16), 26);
        assert_eq!(p.bucket(i64::MAX), 26);
        assert_eq!(p.bucket(-1), 12);
        assert_eq!(p.bucket(-16), 0);
        assert_eq!(p.bucket(i64::MIN), 0);
        // llquantize(v, 3, 3, 5, 27): below 27 is bin0; 27.. in steps of 3.
        let q = Params {
            factor: 3,
            low: 3,
            high: 5,
            steps: 27,
        };
        assert_eq!(q.bucket(26), q.bin0());
        assert_eq!(q.bucket(29), q.bin0() + 1);
        // llquantize(v, 4, 0, 1, 2): [1, 2), [2, 4), [4, 8), [8, 16).
        let r = Params {
            factor: 4,
            low: 0,
            high: 1,
            steps: 2,
        };
        assert_eq!(r.bin0(), 5);
        assert_eq!(
            [1, 2, 3, 4, 7, 8, 15, 16].map(|v| r.bucket(v)),
            [6, 7, 7, 8, 8, 9, 9, 10]
        );
        assert_eq!(q.bucket(30), q.bin0() + 2);
        assert_eq!(q.bucket(81), q.bin0() + 19);
        assert_eq!(q.bucket(729), q.buckets() - 1);
    }
}
