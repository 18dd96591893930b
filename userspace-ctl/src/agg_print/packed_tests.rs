//! agghist and aggpack against DTrace's rules, worked by hand.

use super::display::Display;
use super::printa::Row;
use super::{hist, pack, Key, State};
use crate::compiler::ir::{AggFunc, Aggregation};
use crate::compiler::types::Type;
use crate::compiler::Span;
use std::collections::BTreeMap;

fn desc(func: AggFunc, keys: Vec<Type>, lquantize: (i64, i64, u64)) -> Aggregation {
    Aggregation {
        llquantize: None,
        name: String::new(),
        func,
        lquantize,
        keys,
        span: Span::new(0, 0),
    }
}

fn row(key: Key, state: State) -> Row {
    (vec![key], vec![state])
}

#[test]
fn agghist_splits_the_axis_for_both_signs_and_zooms_to_the_largest() {
    // -30, 15, 45 of 90: half bars of 20, round(20|v|/90) = 7, 3 and 10;
    // zoomed the total is floor(45 / 0.95) = 47: 13, 6 and 19.
    let d = desc(AggFunc::Sum, vec![Type::Str], (0, 0, 0));
    let rows = [
        row(Key::Str(b"late".to_vec()), State::Scalar(-30i64 as u64)),
        row(Key::Str(b"early".to_vec()), State::Scalar(15)),
        row(Key::Str(b"mid".to_vec()), State::Scalar(45)),
    ];
    let bar = |neg: usize, pos: usize| {
        format!(
            "{}{}|{}{}",
            " ".repeat(20 - neg),
            "@".repeat(neg),
            "@".repeat(pos),
            " ".repeat(20 - pos)
        )
    };
    for (zoom, [a, b, c]) in [(false, [7, 3, 10]), (true, [13, 6, 19])] {
        let mut out = String::new();
        let display = Display {
            zoom,
            hist: true,
            ..Display::default()
        };
        hist::render(&mut out, &d, &rows, 1, &display);
        let want = format!(
            "\n{:>17}  {} {:<9}\n{:>17} {} {:<9}\n{:>17} {} {:<9}\n{:>17} {} {:<9}\n",
            "key",
            "------------- Distribution -------------",
            "count",
            "late",
            bar(a, 0),
            -30,
            "early",
            bar(0, b),
            15,
            "mid",
            bar(0, c),
            45
        );
        assert_eq!(out, want, "zoom {zoom}");
    }
}

#[test]
fn agghist_eighth_blocks_under_utf8() {
    // 1 of 3 over 40 columns: 13.33, 13 full blocks and 2 eighths (U+258E).
    let d = desc(AggFunc::Count, vec![Type::INT32], (0, 0, 0));
    let rows = [
        row(Key::Int(1), State::Scalar(1)),
        row(Key::Int(2), State::Scalar(2)),
    ];
    let mut out = String::new();
    let display = Display {
        hist: true,
        hist_utf8: true,
        ..Display::default()
    };
    hist::render(&mut out, &d, &rows, 1, &display);
    let first = out.lines().nth(2).unwrap();
    let bar = format!("|{}\u{258e}{}", "\u{2588}".repeat(13), " ".repeat(26));
    assert_eq!(first, format!("        1 {bar} 1        "));
}

#[test]
fn aggpack_quantize_shares_the_range_of_every_key() {
    // read: 3 in [2,4) and 1 in [16,32); write: 1 at 0 and 1 in [64,128):
    // the range is 0 (not widened below zero) to 128, one past the last.
    let mut read = vec![0u64; 127];
    read[65] = 3;
    read[68] = 1;
    let mut write = vec![0u64; 127];
    write[63] = 1;
    write[70] = 1;
    let d = desc(AggFunc::Quantize, vec![Type::Str], (0, 0, 0));
    let rows = [
        row(Key::Str(b"read".to_vec()), State::Quantize(read)),
        row(Key::Str(b"write".to_vec()), State::Quantize(write)),
    ];
    let mut out = String::new();
    pack::render(
        &mut out,
        &d,
        &rows,
        &Display {
            pack: true,
            ..Display::default()
        },
    );
    let want = concat!(
        "\n",
        "              key  min .---------. max  | count\n",
        "             read    0 :  x  x   : 128  | 4\n",
        "            write    0 :x      x : 128  | 2\n",
    );
    assert_eq!(out, want);
}

#[test]
fn aggpack_lquantize_negative_counts_zoom_and_utf8() {
    // lquantize(x, 0, 5, 1): `< 0`, 0..4, `>= 5`. Key 1: 2 below, -1 at 2
    // (of 3: x and v); zoomed to 2 / 0.95: X and v. Key 2: 6 at 4 and 1
    // above (of 7: levels 6 and 1, X and _; in UTF-8 U+2587 and U+2582).
    let d = desc(AggFunc::Lquantize, vec![Type::INT32], (0, 5, 1));
    let rows = [
        row(
            Key::Int(1),
            State::Lquantize(BTreeMap::from([(0, 2), (3, -1i64 as u64)])),
        ),
        row(
            Key::Int(2),
            State::Lquantize(BTreeMap::from([(5, 6), (6, 1)])),
        ),
    ];
    let render = |display: Display| {
        let mut out = String::new();
        pack::render(&mut out, &d, &rows, &display);
        out
    };
    let header = "\n      key     min .-------. max      | count\n";
    let plain = Display {
        pack: true,
        ..Display::default()
    };
    assert_eq!(
        render(plain),
        format!("{header}        1     < 0 :x  v   : >= 5     | 1\n        2     < 0 :     X_: >= 5     | 7\n")
    );
    let zoomed = render(Display {
        zoom: true,
        ..plain
    });
    assert!(zoomed.contains("< 0 :X  v   : >= 5"), "{zoomed}");
    let utf8 = render(Display {
        packed_utf8: true,
        ..plain
    });
    assert!(utf8.contains("< 0 :     \u{2587}\u{2582}: >= 5"), "{utf8}");
}
