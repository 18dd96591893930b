//! The printout against DTrace's documented output, byte for byte.

use super::{Key, Merged, State};
use crate::compiler::ir::{AggFunc, Aggregation};
use crate::compiler::types::Type;
use crate::compiler::Span;
use rdtrace_uapi::aggs::state::quantize_bucket;

fn desc(func: AggFunc, keys: Vec<Type>) -> Aggregation {
    Aggregation {
        llquantize: None,
        name: String::new(),
        func,
        lquantize: (0, 0, 0),
        keys,
        span: Span::new(0, 0),
    }
}

fn s(text: &str) -> Key {
    Key::Str(text.as_bytes().to_vec())
}

#[test]
fn count_by_string_sorted_by_value() {
    // The DTrace guide's `@[execname] = count()` after ^C.
    let mut m = Merged::default();
    m.add(0, AggFunc::Count, vec![s("sed")], State::Scalar(9));
    m.add(0, AggFunc::Count, vec![s("dtrace")], State::Scalar(1));
    m.add(0, AggFunc::Count, vec![s("cat")], State::Scalar(3));
    // A second CPU's count of cat.
    m.add(0, AggFunc::Count, vec![s("cat")], State::Scalar(1));
    let want = concat!(
        "  dtrace                                                            1\n",
        "  cat                                                               4\n",
        "  sed                                                               9\n",
    );
    assert_eq!(m.render(&[desc(AggFunc::Count, vec![Type::Str])]), want);
}

#[test]
fn keyless_values_and_integer_keys() {
    let mut m = Merged::default();
    m.add(0, AggFunc::Sum, vec![], State::Scalar(-5i64 as u64));
    m.add(1, AggFunc::Min, vec![Key::Int(4242)], State::Scalar(7));
    m.add(1, AggFunc::Min, vec![Key::Int(4242)], State::Scalar(3));
    m.add(2, AggFunc::Avg, vec![Key::Int(1)], State::Avg(3, 10));
    m.add(3, AggFunc::Stddev, vec![], State::Stddev(2, 30, 100 + 400));
    let descs = [
        desc(AggFunc::Sum, vec![]),
        desc(AggFunc::Min, vec![Type::INT32]),
        desc(AggFunc::Avg, vec![Type::INT]),
        desc(AggFunc::Stddev, vec![]),
    ];
    let want = concat!(
        "               -5\n",
        "     4242                3\n",
        "                1                3\n",
        "                5\n",
    );
    assert_eq!(m.render(&descs), want);
}

#[test]
fn quantize_histogram_as_dtrace_draws_it() {
    // The `@bytes_sent[execname] = quantize(...)` example: two values of 32.
    let mut b = vec![0u64; 127];
    b[quantize_bucket(32)] = 2;
    let mut m = Merged::default();
    m.add(
        0,
        AggFunc::Quantize,
        vec![s("discoveryd")],
        State::Quantize(b),
    );
    let want = concat!(
        "  discoveryd                                        \n",
        "           value  ------------- Distribution ------------- count    \n",
        "              16 |                                         0        \n",
        "              32 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 2        \n",
        "              64 |                                         0        \n",
        "\n",
    );
    assert_eq!(m.render(&[desc(AggFunc::Quantize, vec![Type::Str])]), want);
}

#[test]
fn aggzoom_scales_bars_to_the_largest_row() {
    // The largest row fills 95% of the bar: round(40 * 0.95) = 38, and
    // the one a third of it round(38 / 3) = 13.
    let b = [1u64, 3, 0];
    let mut out = String::new();
    super::draw_histogram(&mut out, &b, (0, 2), 1, |i| Some(i.to_string()), true);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    let bar = |n: usize| format!("{}{}", "@".repeat(n), " ".repeat(40 - n));
    assert_eq!(rows[0], format!("               0 |{} 1        ", bar(13)));
    assert_eq!(rows[1], format!("               1 |{} 3        ", bar(38)));
    assert_eq!(rows[2], format!("               2 |{} 0        ", bar(0)));
}

#[test]
fn quantize_rows_round_as_dtrace_does() {
    // Bars are round(count * 40 / total), total 13170 here: 3.7 -> 4,
    // 18.3 -> 18, 13.9 -> 14, 3.6 -> 4, 0.44 -> 0.
    let mut b = vec![0u64; 127];
    for (v, n) in [
        (1024, 1234),
        (2048, 6012),
        (4096, 4581),
        (8192, 1198),
        (16384, 145),
    ] {
        b[quantize_bucket(v)] = n;
    }
    let mut m = Merged::default();
    m.add(0, AggFunc::Quantize, vec![], State::Quantize(b));
    let want = concat!(
        "\n",
        "           value  ------------- Distribution ------------- count    \n",
        "             512 |                                         0        \n",
        "            1024 |@@@@                                     1234     \n",
        "            2048 |@@@@@@@@@@@@@@@@@@                       6012     \n",
        "            4096 |@@@@@@@@@@@@@@                           4581     \n",
        "            8192 |@@@@                                     1198     \n",
        "           16384 |                                         145      \n",
        "           32768 |                                         0        \n",
        "\n",
    );
    assert_eq!(m.render(&[desc(AggFunc::Quantize, vec![])]), want);
}

#[test]
fn snapshots_merge_across_cpus() {
    use core::sync::atomic::{AtomicU64, Ordering};
    use rdtrace_uapi::aggs::table::AggTable;
    use rdtrace_uapi::dif::env::Value;
    use rdtrace_uapi::vars::key::Key as VKey;
    let mut m = Merged::default();
    for cpu_values in [[3u64, 8], [5, 1]] {
        let words: Vec<AtomicU64> = (0..4096).map(|_| AtomicU64::new(0)).collect();
        let t = AggTable::new(&words);
        for v in cpu_values {
            t.update(&VKey::assoc(0, &[Value::Str(b"k")], 256), AggFunc::Max, v)
                .unwrap();
            t.update(&VKey::assoc(1, &[], 256), AggFunc::Avg, v)
                .unwrap();
        }
        let bytes: Vec<u8> = t
            .entries()
            .iter()
            .flat_map(|w| w.load(Ordering::Relaxed).to_le_bytes())
            .collect();
        m.add_snapshot(&bytes);
    }
    let descs = [
        desc(AggFunc::Max, vec![Type::Str]),
        desc(AggFunc::Avg, vec![]),
    ];
    let want = concat!(
        "  k                                                                 8\n",
        "                4\n",
    );
    assert_eq!(m.render(&descs), want);
}

#[test]
fn lquantize_rows_are_labelled_by_level() {
    // lquantize(v, 0, 10, 2) of -1, 3, 3, 12.
    let mut d = desc(AggFunc::Lquantize, vec![]);
    d.lquantize = (0, 10, 2);
    let mut m = Merged::default();
    for (bucket, n) in [(0u64, 1u64), (2, 2), (6, 1)] {
        m.add(
            0,
            AggFunc::Lquantize,
            vec![],
            State::Lquantize([(bucket, n)].into()),
        );
    }
    let want = concat!(
        "\n",
        "           value  ------------- Distribution ------------- count    \n",
        "             < 0 |@@@@@@@@@@                               1        \n",
        "               0 |                                         0        \n",
        "               2 |@@@@@@@@@@@@@@@@@@@@                     2        \n",
        "               4 |                                         0        \n",
        "               6 |                                         0        \n",
        "               8 |                                         0        \n",
        "           >= 10 |@@@@@@@@@@                               1        \n",
        "\n",
    );
    assert_eq!(m.render(&[d]), want);
}
