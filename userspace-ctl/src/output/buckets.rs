//! A histogram's buckets with the values each holds: the bounds are found
//! from the kernel's own bucket functions (each maps values to buckets in
//! order), so they are exactly the ranges the kernel counted.

use crate::agg_print::State;
use crate::compiler::ir::{AggFunc, Aggregation};
use rdtrace_uapi::aggs::lquantize;
use rdtrace_uapi::aggs::state::quantize_bucket;

/// One bucket with a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// The least value it holds (none: unbounded below).
    pub lower: Option<i64>,
    /// The greatest value it holds (none: unbounded above).
    pub upper: Option<i64>,
    /// Its count (divided by the normalization, as printed).
    pub count: i64,
}

/// The least `v` whose bucket is at least `i`, if any.
fn first_at_least(bucket: &dyn Fn(i64) -> u64, i: u64) -> Option<i64> {
    if bucket(i64::MAX) < i {
        return None;
    }
    let (mut lo, mut hi) = (i128::from(i64::MIN), i128::from(i64::MAX));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if bucket(mid as i64) >= i {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo as i64)
}

/// Bucket `i`'s bounds under `bucket`.
fn bounds(bucket: &dyn Fn(i64) -> u64, i: u64) -> (Option<i64>, Option<i64>) {
    let lower = (bucket(i64::MIN) != i)
        .then(|| first_at_least(bucket, i))
        .flatten();
    let upper = if bucket(i64::MAX) == i {
        None
    } else {
        first_at_least(bucket, i + 1).map(|v| v - 1)
    };
    (lower, upper)
}

/// The value-to-bucket function of a histogram aggregation.
fn bucket_fn(desc: &Aggregation) -> Box<dyn Fn(i64) -> u64> {
    match (desc.func, desc.llquantize) {
        (AggFunc::Llquantize, Some(p)) => Box::new(move |v| p.bucket(v)),
        (AggFunc::Lquantize, _) => {
            let (lo, hi, step) = desc.lquantize;
            let levels = hi.abs_diff(lo) / step.max(1);
            Box::new(move |v| lquantize::bucket(v, lo, step, levels))
        }
        _ => Box::new(|v| quantize_bucket(v) as u64),
    }
}

/// The buckets of a histogram state that hold something, lowest first;
/// none for a state that is not a histogram.
pub fn buckets(desc: &Aggregation, state: &State, normal: u64) -> Option<Vec<Bucket>> {
    let used: Vec<(u64, u64)> = match state {
        State::Quantize(b) => b.iter().enumerate().map(|(i, &n)| (i as u64, n)).collect(),
        State::Lquantize(b) => b.iter().map(|(&i, &n)| (i, n)).collect(),
        _ => return None,
    };
    let f = bucket_fn(desc);
    let n = normal.max(1) as i64;
    Some(
        used.into_iter()
            .filter(|&(_, count)| count != 0)
            .map(|(i, count)| {
                let (lower, upper) = bounds(&*f, i);
                Bucket {
                    lower,
                    upper,
                    count: (count as i64).wrapping_div(n),
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::Span;
    use rdtrace_uapi::aggs::llquantize::Params;
    use rdtrace_uapi::aggs::state::{QUANTIZE_BUCKETS, QUANTIZE_ZERO};
    use std::collections::BTreeMap;

    fn desc(func: AggFunc) -> Aggregation {
        Aggregation {
            name: String::new(),
            func,
            lquantize: (0, 10, 5),
            llquantize: Some(Params {
                factor: 10,
                low: 0,
                high: 1,
                steps: 10,
            }),
            keys: Vec::new(),
            span: Span::new(0, 0),
        }
    }

    fn b(lower: Option<i64>, upper: Option<i64>, count: i64) -> Bucket {
        Bucket {
            lower,
            upper,
            count,
        }
    }

    #[test]
    fn quantize_buckets_are_powers_of_two() {
        let mut q = vec![0; QUANTIZE_BUCKETS];
        q[QUANTIZE_ZERO] = 1;
        q[QUANTIZE_ZERO + 3] = 4; // 4..7
        q[QUANTIZE_ZERO - 2] = 2; // -3..-2 (DTrace's row -2)
        q[QUANTIZE_ZERO - 1] = 5; // -1
        q[0] = 1;
        let got = buckets(&desc(AggFunc::Quantize), &State::Quantize(q), 1).unwrap();
        assert_eq!(
            got,
            [
                b(None, Some(-(1 << 62)), 1),
                b(Some(-3), Some(-2), 2),
                b(Some(-1), Some(-1), 5),
                b(Some(0), Some(0), 1),
                b(Some(4), Some(7), 4),
            ]
        );
    }

    #[test]
    fn lquantize_buckets_have_open_ends() {
        let used = BTreeMap::from([(0, 1), (1, 2), (3, 3)]);
        let got = buckets(&desc(AggFunc::Lquantize), &State::Lquantize(used), 1).unwrap();
        assert_eq!(
            got,
            [
                b(None, Some(-1), 1),
                b(Some(0), Some(4), 2),
                b(Some(10), None, 3)
            ]
        );
    }

    #[test]
    fn llquantize_buckets_follow_the_magnitudes() {
        let d = desc(AggFunc::Llquantize);
        let p = d.llquantize.unwrap();
        let used = BTreeMap::from([(p.bucket(0), 1), (p.bucket(25), 2), (p.bucket(1000), 4)]);
        let got = buckets(&d, &State::Lquantize(used), 2).unwrap();
        assert_eq!(
            got,
            [
                b(Some(0), Some(0), 0),
                b(Some(20), Some(29), 1),
                b(Some(100), None, 2)
            ]
        );
        assert_eq!(buckets(&d, &State::Scalar(3), 1), None);
    }
}
