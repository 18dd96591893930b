//! `aggpack`: quantize and lquantize drawn as one line per key (libdtrace's
//! `dt_print_packed` with `DTRACE_A_MINMAXBIN`): a character per bucket
//! over the range every key of the aggregation shares, its height one of
//! eight levels (`_` to `X`, or UTF-8 blocks), negative counts `v`/`V`.

use super::display::Display;
use super::printa::Row;
use super::{key_cells, lquantize_buckets, lquantize_levels, lquantize_top, State};
use crate::compiler::ir::{AggFunc, Aggregation};
use rdtrace_uapi::aggs::state::{quantize_bucket_value, QUANTIZE_BUCKETS, QUANTIZE_ZERO};
use std::fmt::Write;

/// Whether aggpack draws aggregations of `desc`'s function (llquantize
/// keeps its histogram, as in DTrace).
pub(super) fn applies(desc: &Aggregation) -> bool {
    matches!(desc.func, AggFunc::Quantize | AggFunc::Lquantize)
}

/// The header and a packed line per row of `rows` (sorted, one state each).
pub(super) fn render(out: &mut String, desc: &Aggregation, rows: &[Row], d: &Display) {
    let buckets: Vec<Vec<i64>> = rows
        .iter()
        .map(|(_, s)| s.first().map_or_else(Vec::new, |s| buckets(desc, s)))
        .collect();
    let (min, max) = match desc.func {
        AggFunc::Quantize => quantize_range(&buckets),
        _ => (0, lquantize_levels(desc) as usize + 1),
    };
    let (low, high) = labels(desc, min, max);
    // lquantize's labels are `< base` and `>= top` in fixed widths.
    let (min_width, max_width) = match desc.func {
        AggFunc::Quantize => (low.len().max(4), high.len().max(4)),
        _ => (7, 8),
    };
    let width = key_cells::header_width(desc);
    let title = if width == 0 { "" } else { "key" };
    let dashes = "-".repeat(max - min + 1);
    let _ = writeln!(
        out,
        "\n{title:>width$} {:>min_width$} .{dashes}. {:<max_width$} | count",
        "min", "max"
    );
    for ((key, _), b) in rows.iter().zip(&buckets) {
        key_cells::cells(out, desc, key);
        let shown = b.get(min..=max).unwrap_or(&[]);
        match desc.func {
            AggFunc::Quantize => {
                let _ = write!(out, " {low:>min_width$} :");
            }
            _ => {
                let _ = write!(out, "{low:>8} :");
            }
        }
        cells(out, shown, d);
        let count: i64 = shown.iter().fold(0, |a, &n| a.wrapping_add(n));
        let _ = match desc.func {
            AggFunc::Quantize => writeln!(out, ": {high:<max_width$} | {count}"),
            _ => writeln!(out, ": {high:<8} | {count}"),
        };
    }
}

/// A state's buckets, signed (increments may be negative): quantize's
/// all, lquantize's `< base`, each level and `>= top`.
fn buckets(desc: &Aggregation, s: &State) -> Vec<i64> {
    match s {
        State::Quantize(b) => b.iter().map(|&n| n as i64).collect(),
        State::Lquantize(used) => lquantize_buckets(desc, used)
            .into_iter()
            .map(|n| n as i64)
            .collect(),
        _ => Vec::new(),
    }
}

/// The quantize buckets every row shows: from the first used to the last
/// used over all rows, one more either side (not below the zero bucket
/// from above it); the zero bucket alone when nothing is used.
fn quantize_range(rows: &[Vec<i64>]) -> (usize, usize) {
    let first = rows
        .iter()
        .filter_map(|b| b.iter().position(|&n| n != 0))
        .min();
    let last = rows
        .iter()
        .filter_map(|b| b.iter().rposition(|&n| n != 0))
        .max();
    let (Some(min), Some(max)) = (first, last) else {
        return (QUANTIZE_ZERO, QUANTIZE_ZERO);
    };
    let min = if min != 0 && min != QUANTIZE_ZERO {
        min - 1
    } else {
        min
    };
    let max = if max < QUANTIZE_BUCKETS - 1 {
        max + 1
    } else {
        max
    };
    (min, max)
}

/// The range's two labels: quantize's bucket values, lquantize's bounds.
fn labels(desc: &Aggregation, min: usize, max: usize) -> (String, String) {
    match desc.func {
        AggFunc::Quantize => (
            quantize_bucket_value(min).to_string(),
            quantize_bucket_value(max).to_string(),
        ),
        _ => {
            let (lo, _, _) = desc.lquantize;
            (format!("< {lo}"), format!(">= {}", lquantize_top(desc)))
        }
    }
}

/// A character per bucket: blank for none, else its share of the total
/// (with `aggzoom`, of the largest over 0.95) in eight levels, rounded.
fn cells(out: &mut String, shown: &[i64], d: &Display) {
    let sizes = shown.iter().map(|n| n.unsigned_abs() as f64);
    let total = if d.zoom {
        sizes.fold(0.0, f64::max) / 0.95
    } else {
        sizes.sum()
    };
    for &n in shown {
        let a = n.unsigned_abs() as f64;
        let c = if n == 0 || total == 0.0 {
            ' '
        } else if n < 0 {
            let level = (a * 5.0 / total + 0.5) as usize;
            ['v', 'v', 'v', 'v', 'V', 'V'][level.min(5)]
        } else {
            let level = (a * 7.0 / total + 0.5) as usize;
            match d.packed_utf8 {
                true => char::from_u32(0x2581 + level.min(7) as u32).unwrap_or(' '),
                false => ['_', '_', 'x', 'x', 'x', 'x', 'X', 'X'][level.min(7)],
            }
        };
        out.push(c);
    }
}
