//! A table filled as probe hits would, read back through its snapshot.

use super::snapshot::{entries, KeyElem};
use super::state::{quantize_bucket, quantize_bucket_value, QUANTIZE_ZERO};
use super::table::{AggTable, Updated};
use crate::dif::env::{AggFunc, Value};
use crate::vars::key::Key;
use core::sync::atomic::{AtomicU64, Ordering};

extern crate std;
use std::vec::Vec;

fn words(n: usize) -> Vec<AtomicU64> {
    (0..n).map(|_| AtomicU64::new(0)).collect()
}

fn bytes(t: &AggTable<'_>) -> Vec<u8> {
    t.entries()
        .iter()
        .flat_map(|w| w.load(Ordering::Relaxed).to_le_bytes())
        .collect()
}

#[test]
fn counts_and_sums_by_key() {
    let w = words(4096);
    let t = AggTable::new(&w);
    let bash = [Value::Str(b"bash")];
    let ls = [Value::Str(b"ls")];
    for _ in 0..3 {
        assert_eq!(
            t.update(&Key::assoc(0, &bash, 256), AggFunc::Count, 0),
            Ok(Updated::Done)
        );
    }
    t.update(&Key::assoc(0, &ls, 256), AggFunc::Count, 0)
        .unwrap();
    t.update(&Key::assoc(1, &[], 256), AggFunc::Sum, 5).unwrap();
    t.update(&Key::assoc(1, &[], 256), AggFunc::Sum, u64::MAX)
        .unwrap();
    let b = bytes(&t);
    let got: Vec<_> = entries(&b)
        .map(|e| (e.agg, e.func, e.keys().collect::<Vec<_>>(), e.value(0)))
        .collect();
    assert_eq!(
        got,
        [
            (0, AggFunc::Count, std::vec![KeyElem::Str(b"bash")], 3),
            (0, AggFunc::Count, std::vec![KeyElem::Str(b"ls")], 1),
            (1, AggFunc::Sum, std::vec![], 4),
        ]
    );
}

#[test]
fn min_max_avg_stddev_keep_dtraces_state() {
    let w = words(4096);
    let t = AggTable::new(&w);
    let k = [Value::Int(7)];
    for v in [5i64, -2, 9] {
        for (agg, f) in [
            (0, AggFunc::Min),
            (1, AggFunc::Max),
            (2, AggFunc::Avg),
            (3, AggFunc::Stddev),
        ] {
            t.update(&Key::assoc(agg, &k, 256), f, v as u64).unwrap();
        }
    }
    let b = bytes(&t);
    let e: Vec<_> = entries(&b).collect();
    assert_eq!(e[0].value(0) as i64, -2);
    assert_eq!(e[1].value(0) as i64, 9);
    assert_eq!((e[2].value(0), e[2].value(1) as i64), (3, 12));
    assert_eq!(
        (e[3].value(0), e[3].value(1), e[3].value(2), e[3].value(3)),
        (3, 12, 110, 0)
    );
    assert_eq!(e[0].keys().collect::<Vec<_>>(), [KeyElem::Int(7)]);
}

#[test]
fn quantize_buckets_are_powers_of_two() {
    assert_eq!(quantize_bucket(0), QUANTIZE_ZERO);
    assert_eq!(quantize_bucket(1), 64);
    assert_eq!(quantize_bucket(2), 65);
    assert_eq!(quantize_bucket(3), 65);
    assert_eq!(quantize_bucket(1024), 74);
    assert_eq!(quantize_bucket(-1), 62);
    assert_eq!(quantize_bucket(-2), 61);
    // A negative value goes with the bucket value at or above it, as DTrace.
    assert_eq!(quantize_bucket(-3), 61);
    assert_eq!(quantize_bucket(-4), 60);
    assert_eq!(quantize_bucket(-7), 60);
    assert_eq!(quantize_bucket(-(1 << 62) + 1), 1);
    assert_eq!(quantize_bucket(i64::MAX), 126);
    assert_eq!(quantize_bucket(i64::MIN), 0);
    for i in 0..127 {
        assert_eq!(quantize_bucket(quantize_bucket_value(i)), i, "bucket {i}");
    }
}

#[test]
fn a_full_table_drops() {
    let w = words(64);
    let t = AggTable::new(&w);
    let mut full = 0;
    for i in 0..100u64 {
        let k = [Value::Int(i)];
        if t.update(&Key::assoc(0, &k, 256), AggFunc::Count, 0) == Ok(Updated::Full) {
            full += 1;
        }
    }
    assert!(full > 80, "{full}");
    assert!(entries(&bytes(&t)).count() + full == 100);
}

#[test]
fn lquantize_keys_each_bucket() {
    use super::lquantize::{bucket, bucket_key};
    // lquantize(v, 0, 10, 2): 5 levels.
    assert_eq!(bucket(-1, 0, 2, 5), 0);
    assert_eq!(bucket(0, 0, 2, 5), 1);
    assert_eq!(bucket(3, 0, 2, 5), 2);
    assert_eq!(bucket(9, 0, 2, 5), 5);
    assert_eq!(bucket(10, 0, 2, 5), 6);
    assert_eq!(bucket(i64::MIN, -5, 1, 10), 0);
    let keys = [
        Value::Str(b"k"),
        Value::Int(0),
        Value::Int(2),
        Value::Int(5),
        Value::Int(1),
    ];
    let (elems, n, incr) = bucket_key(&keys, 3).unwrap();
    assert_eq!(incr, 1);
    assert_eq!(&elems[..n], &[Value::Str(b"k"), Value::Int(2)]);
    assert!(bucket_key(&keys[..2], 3).is_err());
}

/// What fits in the table of a small `aggsize`: each entry of one
/// integer key and a count takes its header, key and value words; the
/// rest are drops, while keys already in the table still count.
#[test]
fn a_small_table_holds_what_fits_and_drops_the_rest() {
    // 512 bytes: the used word, an index of 8 slots (a quarter of the
    // words, down to a power of two) and 55 data words: 8 keys.
    let w = words(512 / 8);
    let t = AggTable::new(&w);
    let results: Vec<Updated> = (0..20)
        .map(|i| {
            t.update(&Key::assoc(0, &[Value::Int(i)], 256), AggFunc::Count, 0)
                .unwrap()
        })
        .collect();
    let done = results.iter().take_while(|&&r| r == Updated::Done).count();
    assert_eq!(done, 8);
    assert!(results[done..].iter().all(|&r| r == Updated::Full));
    assert_eq!(
        t.update(&Key::assoc(0, &[Value::Int(0)], 256), AggFunc::Count, 0),
        Ok(Updated::Done)
    );
}

/// The key of update `i` of [`cached_updates_leave_the_table_update_leaves`].
fn nth_key(i: u8) -> (u32, [Value<'static>; 1]) {
    const NAMES: [&[u8]; 3] = [
        b"vfs_read",
        b"vfs_write",
        b"a_much_longer_function_name_than_fits_small",
    ];
    (
        u32::from(i % 2),
        [Value::Str(NAMES[usize::from(i / 2 % 3)])],
    )
}

proptest::proptest! {
    /// Hits that find their entry through a per-key cache (the hit path's
    /// fixed keys) leave the table word for word as hits that hash every
    /// key do, drops included, whatever the function, values and order.
    #[test]
    fn cached_updates_leave_the_table_update_leaves(
        func in proptest::prop_oneof![
            proptest::strategy::Just(AggFunc::Count),
            proptest::strategy::Just(AggFunc::Sum),
            proptest::strategy::Just(AggFunc::Min),
            proptest::strategy::Just(AggFunc::Max),
            proptest::strategy::Just(AggFunc::Avg),
            proptest::strategy::Just(AggFunc::Stddev),
        ],
        hits in proptest::collection::vec((0u8..6, proptest::prelude::any::<u64>()), 1..40),
        size in proptest::prop_oneof![proptest::strategy::Just(40usize), proptest::strategy::Just(4096)],
    ) {
        let (plain_words, cached_words) = (words(size), words(size));
        let (plain, cached) = (AggTable::new(&plain_words), AggTable::new(&cached_words));
        let caches = words(6);
        for (k, v) in hits {
            let (agg, key) = nth_key(k);
            let key = Key::assoc(agg, &key, 256);
            let by_plain = plain.update(&key, func, v).unwrap();
            let cache = &caches[usize::from(k)];
            let by_cache = if AggTable::apply_noted(&cached_words, cache, func, v) {
                Updated::Done
            } else {
                cached.update_cached(cache, &key, func, v).unwrap()
            };
            proptest::prop_assert_eq!(by_plain, by_cache);
        }
        proptest::prop_assert_eq!(bytes(&plain), bytes(&cached));
        let all = |t: &[AtomicU64]| t.iter().map(|w| w.load(Ordering::Relaxed)).collect::<Vec<_>>();
        proptest::prop_assert_eq!(all(&plain_words), all(&cached_words));
    }
}
