//! `lquantize`: the compiler ends the key tuple with three constants, the
//! lower bound, the step and the number of levels, and the increment (1
//! unless given); here they are replaced by the value's bucket, so that each bucket of each key is an entry of
//! its own holding a count (the kernel needs no table of parameters, and
//! an lquantize with few buckets used costs few words). The consumer
//! gathers the buckets again.
//!
//! Buckets, as DTrace numbers them: 0 below the lower bound, `i` in
//! `1..=levels` for `[lo + (i-1)*step, lo + i*step)`, `levels + 1` at or
//! above `lo + levels*step`.

use crate::dif::env::Value;
use crate::dif::fault::FaultCode;
use crate::dif::limits::MAX_TUPLE;

/// Parameter elements the compiler appends to the keys.
pub const PARAMS: usize = 4;

/// The bucket of `v` for lower bound `lo`, `step` and `levels`.
pub fn bucket(v: i64, lo: i64, step: u64, levels: u64) -> u64 {
    if v < lo {
        return 0;
    }
    let Some(above) = v.abs_diff(lo).checked_div(step) else {
        return 0;
    };
    if above >= levels {
        levels.saturating_add(1)
    } else {
        above.saturating_add(1)
    }
}

/// The entry's key for `value`: `keys` without the parameters, then the
/// bucket; returns the elements, how many are used, and the increment.
pub fn bucket_key<'a>(
    keys: &[Value<'a>],
    value: u64,
) -> Result<([Value<'a>; MAX_TUPLE], usize, u64), FaultCode> {
    let n = keys.len().checked_sub(PARAMS).ok_or(FaultCode::IllegalOp)?;
    let int = |i: usize| match keys.get(i) {
        Some(Value::Int(v)) => Ok(*v),
        _ => Err(FaultCode::IllegalOp),
    };
    let (lo, step, levels) = (
        int(n)? as i64,
        int(n.saturating_add(1))?,
        int(n.saturating_add(2))?,
    );
    let mut out = [Value::Int(0); MAX_TUPLE];
    for (o, k) in out.iter_mut().zip(keys.get(..n).unwrap_or(&[])) {
        *o = *k;
    }
    let slot = out.get_mut(n).ok_or(FaultCode::IllegalOp)?;
    *slot = Value::Int(bucket(value as i64, lo, step, levels));
    Ok((out, n.saturating_add(1), int(n.saturating_add(3))?))
}
