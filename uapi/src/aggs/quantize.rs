//! `quantize(v[, incr])`: as `lquantize` (see `super::lquantize`), the
//! compiler ends the key tuple with the increment (1 unless given), and
//! the kernel replaces it by the value's power-of-two bucket
//! ([`super::state::quantize_bucket`]): each bucket used of each key is
//! an entry of its own, holding the sum of its increments.

use super::state::quantize_bucket;
use crate::dif::env::Value;
use crate::dif::fault::FaultCode;
use crate::dif::limits::MAX_TUPLE;

/// Parameter elements the compiler appends to the keys: the increment.
pub const PARAMS: usize = 1;

/// The entry's key for `value`: `keys` without the increment, then the
/// bucket; returns the elements, how many are used, and the increment.
pub fn bucket_key<'a>(
    keys: &[Value<'a>],
    value: u64,
) -> Result<([Value<'a>; MAX_TUPLE], usize, u64), FaultCode> {
    let n = keys.len().checked_sub(PARAMS).ok_or(FaultCode::IllegalOp)?;
    let incr = match keys.get(n) {
        Some(Value::Int(v)) => *v,
        _ => return Err(FaultCode::IllegalOp),
    };
    let mut out = [Value::Int(0); MAX_TUPLE];
    for (o, k) in out.iter_mut().zip(keys.get(..n).unwrap_or(&[])) {
        *o = *k;
    }
    let slot = out.get_mut(n).ok_or(FaultCode::IllegalOp)?;
    *slot = Value::Int(quantize_bucket(value as i64) as u64);
    Ok((out, n.saturating_add(1), incr))
}

#[cfg(test)]
mod tests {
    use super::bucket_key;
    use crate::dif::env::Value;

    #[test]
    fn the_increment_is_replaced_by_the_bucket() {
        let keys = [Value::Str(b"k"), Value::Int(5)];
        let (elems, n, incr) = bucket_key(&keys, 3).unwrap();
        assert_eq!(incr, 5);
        // 2..3 is the bucket after 1's (64).
        assert_eq!(&elems[..n], &[Value::Str(b"k"), Value::Int(65)]);
        assert!(bucket_key(&[], 3).is_err());
    }
}
