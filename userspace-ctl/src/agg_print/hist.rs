//! `agghist`: a count or sum aggregation drawn as a histogram of its
//! keys (libdtrace's `dt_print_aggs` with `DTRACE_A_TOTAL`): a `key`
//! header, then per key its bar, scaled to the sum of every key's |value|
//! (with `aggzoom`, to the largest over 0.95), and its value.

use super::display::Display;
use super::printa::Row;
use super::{bar_line, key_cells, State, BAR};
use crate::compiler::ir::{AggFunc, Aggregation};
use std::fmt::Write;

/// Whether agghist draws aggregations of `desc`'s function.
pub(super) fn applies(desc: &Aggregation) -> bool {
    matches!(desc.func, AggFunc::Count | AggFunc::Sum)
}

/// The header and a bar per row of `rows` (sorted, one state each).
pub(super) fn render(out: &mut String, desc: &Aggregation, rows: &[Row], normal: u64, d: &Display) {
    let values: Vec<i64> = rows
        .iter()
        .map(|(_, s)| s.first().map_or(0, value))
        .collect();
    let positives = values.iter().any(|&v| v > 0);
    let negatives = values.iter().any(|&v| v < 0);
    let sizes = values.iter().map(|v| u128::from(v.unsigned_abs()));
    // DTrace's total: the sum of |value|, or zoomed the largest over
    // 0.95, truncated to an integer.
    let total: u128 = if d.zoom {
        sizes.map(|v| (v as f64 / 0.95) as u128).max().unwrap_or(0)
    } else {
        sizes.sum()
    };
    let width = key_cells::header_width(desc);
    let (width, title) = if width == 0 {
        (16, "value")
    } else {
        (width, "key")
    };
    let _ = writeln!(
        out,
        "\n{title:>width$} {:>41} {:<9}",
        "------------- Distribution -------------", "count"
    );
    let len = if positives && negatives { BAR / 2 } else { BAR } as usize;
    for ((key, _), &v) in rows.iter().zip(&values) {
        key_cells::cells(out, desc, key);
        out.push(' ');
        let a = u128::from(v.unsigned_abs());
        if d.hist_utf8 && !negatives {
            eighths_bar(out, a, total);
        } else {
            // round(|v| * len / total), as DTrace's (f + 0.5) truncation.
            let depth = (a * len as u128 * 2 + total)
                .checked_div(2 * total)
                .unwrap_or(0) as usize;
            bar_line(out, v, depth, len, (positives, negatives));
        }
        let _ = writeln!(out, " {:<9}", v.wrapping_div(normal.max(1) as i64));
    }
}

/// The raw value a row draws (count and sum are one word).
fn value(s: &State) -> i64 {
    match s {
        State::Scalar(v) => *v as i64,
        _ => 0,
    }
}

/// A positive bar in UTF-8 full and eighth blocks (DTrace's
/// `encoding=utf8`), `a` of `total` over 40 columns, not rounded.
fn eighths_bar(out: &mut String, a: u128, total: u128) {
    let f = if total == 0 {
        0.0
    } else {
        a as f64 * BAR as f64 / total as f64
    };
    let whole = (f as usize).min(BAR as usize);
    let partial = ((f - whole as f64) * 8.0) as u32;
    out.push('|');
    out.extend(std::iter::repeat_n('\u{2588}', whole));
    let mut used = whole;
    if partial != 0 && used < BAR as usize {
        // U+258F is one eighth, U+2589 seven.
        out.push(char::from_u32(0x2590 - partial).unwrap_or(' '));
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', BAR as usize - used));
}
