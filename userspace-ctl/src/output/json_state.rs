//! An aggregation entry's exact state in JSON (`state`), beside the value
//! DTrace prints, so that a collector can merge many hosts' entries
//! without loss (`rdtrace collect`): avg keeps its count and sum, stddev
//! also its sum of squares (128 bits, as a decimal string), and the
//! quantizations every bucket's count by bucket index.

use crate::agg_print::State;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// `state` as JSON.
pub fn to_json(state: &State) -> Value {
    let used = |b: &mut dyn Iterator<Item = (u64, u64)>| -> Value {
        b.filter(|(_, n)| *n != 0)
            .map(|(i, n)| json!([i, n]))
            .collect()
    };
    match state {
        State::Scalar(v) => json!({"scalar": v}),
        State::Avg(count, sum) => json!({"avg": [count, sum]}),
        State::Stddev(count, sum, squares) => {
            json!({"stddev": [count, sum, squares.to_string()]})
        }
        State::Quantize(b) => json!({
            "quantize": used(&mut b.iter().enumerate().map(|(i, n)| (i as u64, *n)))
        }),
        State::Lquantize(b) => json!({
            "lquantize": used(&mut b.iter().map(|(i, n)| (*i, *n)))
        }),
    }
}

/// The state `v` holds, `None` if it holds none.
pub fn from_json(v: &Value) -> Option<State> {
    let (kind, v) = v.as_object()?.iter().next()?;
    let u = |v: &Value| v.as_u64();
    let buckets = |v: &Value| -> Option<Vec<(u64, u64)>> {
        v.as_array()?
            .iter()
            .map(|p| Some((u(p.get(0)?)?, u(p.get(1)?)?)))
            .collect()
    };
    Some(match kind.as_str() {
        "scalar" => State::Scalar(u(v)?),
        "avg" => State::Avg(u(v.get(0)?)?, u(v.get(1)?)?),
        "stddev" => State::Stddev(
            u(v.get(0)?)?,
            u(v.get(1)?)?,
            v.get(2)?.as_str()?.parse().ok()?,
        ),
        "quantize" => {
            let mut b = vec![0; rdtrace_uapi::aggs::state::QUANTIZE_BUCKETS];
            for (i, n) in buckets(v)? {
                *b.get_mut(i as usize)? = n;
            }
            State::Quantize(b)
        }
        "lquantize" => State::Lquantize(buckets(v)?.into_iter().collect::<BTreeMap<_, _>>()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back() {
        let mut q = vec![0; rdtrace_uapi::aggs::state::QUANTIZE_BUCKETS];
        q[3] = 7;
        q[70] = 1;
        for s in [
            State::Scalar(u64::MAX),
            State::Avg(3, 17),
            State::Stddev(2, 5, u128::MAX - 1),
            State::Quantize(q),
            State::Lquantize(BTreeMap::from([(0, 1), (11, 4)])),
        ] {
            assert_eq!(from_json(&to_json(&s)), Some(s));
        }
        assert_eq!(from_json(&json!({"nothing": 1})), None);
    }
}
