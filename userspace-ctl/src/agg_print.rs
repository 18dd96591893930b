//! Aggregations at exit: the per-CPU snapshots merged exactly, then
//! printed in DTrace's default format (libdtrace's `dt_print_aggs`):
//! every aggregation in id order, its entries sorted by value ascending
//! (ties by key); each key as `  %-50s` (strings) or ` %16lld`-style
//! (integers, by width), then the value as ` %16lld`, or for `quantize`
//! a line per key and the ASCII histogram.

use crate::compiler::ir::{AggFunc, Aggregation};
use crate::compiler::types::{SymbolKind, Type};
use crate::ksyms::Ksyms;
use crate::stacks;
use rdtrace_uapi::aggs::snapshot::{entries, KeyElem};
use rdtrace_uapi::aggs::state::{quantize_bucket_value, QUANTIZE_BUCKETS, QUANTIZE_ZERO};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A key element, owned.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// An integer.
    Int(u64),
    /// A string.
    Str(Vec<u8>),
}

/// One key's merged state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// count, sum, min, max: the value.
    Scalar(u64),
    /// avg: count and sum.
    Avg(u64, u64),
    /// stddev: count, sum and the sum of squares.
    Stddev(u64, u64, u128),
    /// quantize: the buckets.
    Quantize(Vec<u64>),
    /// lquantize: the count of each bucket used.
    Lquantize(BTreeMap<u64, u64>),
}

/// Every aggregation's keys and states, merged over the CPUs.
#[derive(Clone, Debug, Default)]
pub struct Merged {
    aggs: BTreeMap<u32, BTreeMap<Vec<Key>, State>>,
}

impl Merged {
    /// Folds one CPU's snapshot in.
    pub fn add_snapshot(&mut self, bytes: &[u8]) {
        for e in entries(bytes) {
            let mut key: Vec<Key> = e
                .keys()
                .map(|k| match k {
                    KeyElem::Int(v) => Key::Int(v),
                    KeyElem::Str(s) => Key::Str(s.to_vec()),
                })
                .collect();
            let new = match e.func {
                AggFunc::Avg => State::Avg(e.value(0), e.value(1)),
                AggFunc::Stddev => State::Stddev(
                    e.value(0),
                    e.value(1),
                    u128::from(e.value(2)) | (u128::from(e.value(3)) << 64),
                ),
                // The key ends with the bucket (rdtrace_uapi::aggs::quantize).
                AggFunc::Quantize => match key.pop() {
                    Some(Key::Int(bucket)) => {
                        let mut b = vec![0; QUANTIZE_BUCKETS];
                        if let Some(slot) = b.get_mut(bucket as usize) {
                            *slot = e.value(0);
                        }
                        State::Quantize(b)
                    }
                    _ => continue,
                },
                // The key ends with the bucket (rdtrace_uapi::aggs::lquantize).
                AggFunc::Lquantize | AggFunc::Llquantize => match key.pop() {
                    Some(Key::Int(bucket)) => {
                        State::Lquantize(BTreeMap::from([(bucket, e.value(0))]))
                    }
                    _ => continue,
                },
                _ => State::Scalar(e.value(0)),
            };
            self.add(e.agg, e.func, key, new);
        }
    }

    /// Merges `new` into aggregation `agg`'s entry for `key`.
    pub fn add(&mut self, agg: u32, func: AggFunc, key: Vec<Key>, new: State) {
        let map = self.aggs.entry(agg).or_default();
        let Some(old) = map.get_mut(&key) else {
            map.insert(key, new);
            return;
        };
        *old = match (&*old, new) {
            (State::Scalar(a), State::Scalar(b)) => State::Scalar(match func {
                AggFunc::Min => (*a as i64).min(b as i64) as u64,
                AggFunc::Max => (*a as i64).max(b as i64) as u64,
                _ => a.wrapping_add(b),
            }),
            (State::Avg(c, s), State::Avg(c2, s2)) => State::Avg(c + c2, s.wrapping_add(s2)),
            (State::Stddev(c, s, q), State::Stddev(c2, s2, q2)) => {
                State::Stddev(c + c2, s.wrapping_add(s2), q.wrapping_add(q2))
            }
            (State::Quantize(a), State::Quantize(b)) => {
                State::Quantize(a.iter().zip(&b).map(|(x, y)| x.wrapping_add(*y)).collect())
            }
            (State::Lquantize(a), State::Lquantize(b)) => {
                let mut sum = a.clone();
                for (k, n) in b {
                    let slot = sum.entry(k).or_insert(0);
                    *slot = slot.wrapping_add(n);
                }
                State::Lquantize(sum)
            }
            (_, b) => b,
        };
    }

    /// Every aggregation's merged entries, by id.
    pub fn aggregations(&self) -> impl Iterator<Item = (u32, &BTreeMap<Vec<Key>, State>)> {
        self.aggs.iter().map(|(id, m)| (*id, m))
    }

    /// Aggregation `agg`'s entries, if it has any.
    pub fn entries(&self, agg: u32) -> Option<&BTreeMap<Vec<Key>, State>> {
        self.aggs.get(&agg)
    }

    /// DTrace's printout of every aggregation that has data.
    pub fn render(&self, descs: &[Aggregation]) -> String {
        let mut out = String::new();
        for (id, map) in &self.aggs {
            let Some(desc) = descs.get(*id as usize) else {
                continue;
            };
            let mut rows: Vec<(&Vec<Key>, &State)> = map.iter().collect();
            rows.sort_by(|a, b| compare(desc, a.1, b.1).then_with(|| a.0.cmp(b.0)));
            for (key, state) in rows {
                keys_text(&mut out, desc, key);
                value_text(&mut out, desc, state, 1);
                out.push('\n');
            }
        }
        out
    }
}

/// A key's elements as `dt_print_aggs` prints them.
pub fn keys_text(out: &mut String, desc: &Aggregation, key: &[Key]) {
    for (k, ty) in key
        .iter()
        .zip(desc.keys.iter().chain(std::iter::repeat(&Type::INT)))
    {
        key_text(out, k, *ty);
    }
}

/// The state of a key that has no data (in a joined printa).
pub fn zero_state(desc: &Aggregation) -> State {
    match desc.func {
        AggFunc::Avg => State::Avg(0, 0),
        AggFunc::Stddev => State::Stddev(0, 0, 0),
        AggFunc::Quantize => State::Quantize(vec![0; QUANTIZE_BUCKETS]),
        AggFunc::Lquantize | AggFunc::Llquantize => State::Lquantize(BTreeMap::new()),
        _ => State::Scalar(0),
    }
}

/// The value DTrace sorts by.
fn sort_value(desc: &Aggregation, s: &State) -> i128 {
    match s {
        State::Scalar(v) if desc.func == AggFunc::Count => i128::from(*v),
        State::Scalar(v) => i128::from(*v as i64),
        State::Avg(c, sum) => i128::from(average(*c, *sum)),
        State::Stddev(c, sum, sq) => i128::from(stddev(*c, *sum, *sq)),
        State::Quantize(b) => b
            .iter()
            .enumerate()
            .map(|(i, n)| i128::from(quantize_bucket_value(i)) * i128::from(*n as i64))
            .sum(),
        State::Lquantize(b) if desc.func == AggFunc::Llquantize => b
            .iter()
            .map(|(&i, &n)| i128::from(llquantize::bucket_value(desc, i)) * i128::from(n as i64))
            .sum(),
        State::Lquantize(b) => {
            let levels = lquantize_levels(desc);
            b.iter()
                .map(|(&i, &n)| {
                    i128::from(lquantize_bucket_value(desc, levels, i)) * i128::from(n as i64)
                })
                .sum()
        }
    }
}

pub fn compare(desc: &Aggregation, a: &State, b: &State) -> Ordering {
    sort_value(desc, a)
        .cmp(&sort_value(desc, b))
        .then_with(|| zero_count(desc, a).cmp(&zero_count(desc, b)))
}

/// A histogram's count at zero: what DTrace's `dt_aggregate_quantizedcmp`
/// compares when the weighted sums tie (0 outside an lquantize's range).
fn zero_count(desc: &Aggregation, s: &State) -> i64 {
    match s {
        State::Quantize(b) => b.get(QUANTIZE_ZERO).copied().unwrap_or(0) as i64,
        State::Lquantize(b) => {
            let bucket = match (desc.func, desc.llquantize) {
                (AggFunc::Llquantize, Some(p)) => Some(p.bin0()),
                _ => {
                    let (lo, hi, step) = desc.lquantize;
                    (lo <= 0 && 0 < hi).then(|| 1 + lo.unsigned_abs() / step.max(1))
                }
            };
            bucket.and_then(|i| b.get(&i)).copied().unwrap_or(0) as i64
        }
        _ => 0,
    }
}

/// lquantize's number of levels between its bounds.
pub(crate) fn lquantize_levels(desc: &Aggregation) -> u64 {
    let (lo, hi, step) = desc.lquantize;
    hi.abs_diff(lo) / step.max(1)
}

/// The value lquantize bucket `i` stands for in sorting.
fn lquantize_bucket_value(desc: &Aggregation, levels: u64, i: u64) -> i64 {
    let (lo, _, step) = desc.lquantize;
    match i {
        0 => lo.wrapping_sub(1),
        i => lo.wrapping_add(((i.min(levels + 1) - 1) * step) as i64),
    }
}

/// `avg`: the sum over the count, as DTrace divides (signed).
pub fn average(count: u64, sum: u64) -> i64 {
    if count == 0 {
        0
    } else {
        (sum as i64).wrapping_div(count as i64)
    }
}

/// `stddev`: sqrt(avg(x^2) - avg(x)^2) in integers (DTrace's `dt_stddev`).
pub fn stddev(count: u64, sum: u64, squares: u128) -> u64 {
    if count == 0 {
        return 0;
    }
    let avg_sq = squares / u128::from(count);
    let avg = u128::from(((sum as i64) / (count as i64)).unsigned_abs());
    let diff = avg_sq.wrapping_sub(avg * avg);
    isqrt(diff) as u64
}

fn isqrt(n: u128) -> u128 {
    if n < 2 {
        return n;
    }
    let mut x = (n as f64).sqrt() as u128;
    while x * x > n {
        x -= 1;
    }
    while (x + 1) * (x + 1) <= n {
        x += 1;
    }
    x
}

/// One key element as `dt_print_datum` prints it.
fn key_text(out: &mut String, k: &Key, ty: Type) {
    let _ = match (k, ty) {
        // A stack key: its frames on lines of their own (`dt_print_stack`).
        (Key::Str(s), Type::Stack) => {
            out.push_str(&stacks::text(Ksyms::global(), &stacks::pcs_of(s)));
            Ok(())
        }
        (Key::Str(s), Type::Ustack) => {
            out.push_str(&stacks::user_text(&stacks::pcs_of(s)));
            Ok(())
        }
        // usym(), umod(), uaddr() keys, as dt_print_usym names them.
        (Key::Str(s), Type::Usym(kind)) => {
            write!(out, "  {:<50}", crate::user_syms::recorded(s, kind))
        }
        (Key::Str(s), _) => write!(out, "  {:<50}", String::from_utf8_lossy(s)),
        // func(), sym(), mod() keys: named as dt_print_sym names them.
        (Key::Int(v), Type::Symbol(kind)) => write!(out, "  {:<50}", symbol_name(*v, kind)),
        (Key::Int(v), ty) => {
            let (n, w) = int_key(*v, ty);
            write!(out, " {n:>w$}")
        }
    };
}

/// A `func()`, `sym()` or `mod()` key's name.
pub(crate) fn symbol_name(v: u64, kind: SymbolKind) -> String {
    match kind {
        SymbolKind::Module => Ksyms::global().module(v),
        _ => Ksyms::global().function(v),
    }
}

/// An integer key element of type `ty` as `dt_print_datum` reads it (1-
/// and 2-byte keys unsigned), and the width of its column.
pub(crate) fn int_key(v: u64, ty: Type) -> (i64, usize) {
    match ty {
        Type::Int { size: 1, .. } => (i64::from(v as u8), 3),
        Type::Int { size: 2, .. } => (i64::from(v as u16), 5),
        Type::Int { size: 4, .. } => (i64::from(v as i32), 8),
        _ => (v as i64, 16),
    }
}

/// The value as `dt_print_datum` prints it (the line's end is the
/// caller's), divided by `normal` (`normalize()`).
pub fn value_text(out: &mut String, desc: &Aggregation, s: &State, normal: u64) {
    if let Some(v) = scalar_value(desc, s, normal) {
        let _ = write!(out, " {v:>16}");
    } else {
        histogram_text(out, desc, s, normal);
    }
}

/// A value that is a number, as printed (none for the histograms).
pub fn scalar_value(desc: &Aggregation, s: &State, normal: u64) -> Option<i64> {
    let n = normal.max(1) as i64;
    match s {
        State::Scalar(v) if desc.func == AggFunc::Count => Some((*v / n as u64) as i64),
        State::Scalar(v) => Some((*v as i64).wrapping_div(n)),
        State::Avg(c, sum) => Some(average(*c, *sum).wrapping_div(n)),
        State::Stddev(c, sum, sq) => Some(stddev(*c, *sum, *sq) as i64),
        State::Quantize(_) | State::Lquantize(_) => None,
    }
}

/// A histogram value, from its leading newline to its last row's.
pub fn histogram_text(out: &mut String, desc: &Aggregation, s: &State, normal: u64) {
    match s {
        State::Quantize(b) => quantize_text(out, b, normal),
        State::Lquantize(b) if desc.func == AggFunc::Llquantize => {
            llquantize::text(out, desc, b, normal)
        }
        State::Lquantize(b) => lquantize_text(out, desc, b, normal),
        _ => {}
    }
}

/// Width of a histogram bar.
pub(crate) const BAR: u64 = 40;

/// `dt_print_quantize`: the header, then a row per bucket from one below
/// the first nonzero bucket to one above the last (around 0 if none).
fn quantize_text(out: &mut String, b: &[u64], normal: u64) {
    let (first, last) = row_range(b, QUANTIZE_ZERO - 1, QUANTIZE_ZERO + 1);
    histogram(out, b, first, last, normal, |i| {
        Some(quantize_bucket_value(i).to_string())
    });
}

/// `dt_print_lquantize`: as quantize, its rows labelled `< lo`, each
/// level's lower bound, and `>= top` (the top of the last whole level).
fn lquantize_text(out: &mut String, desc: &Aggregation, used: &BTreeMap<u64, u64>, normal: u64) {
    let levels = lquantize_levels(desc);
    let (lo, _, step) = desc.lquantize;
    let b = lquantize_buckets(desc, used);
    let (first, last) = row_range(&b, 0, 2.min(b.len() - 1));
    histogram(out, &b, first, last, normal, |i| {
        let i = i as u64;
        Some(if i == 0 {
            format!("< {lo}")
        } else if i == levels + 1 {
            format!(">= {}", lquantize_top(desc))
        } else {
            lo.wrapping_add(((i - 1) * step) as i64).to_string()
        })
    });
}

/// lquantize's buckets in order, `< lo`, each level and `>= top`, with
/// the counts of those `used` names.
pub(crate) fn lquantize_buckets(desc: &Aggregation, used: &BTreeMap<u64, u64>) -> Vec<u64> {
    let n = usize::try_from(lquantize_levels(desc) + 2).unwrap_or(2);
    let mut b = vec![0u64; n];
    for (&i, &c) in used {
        if let Some(slot) = b.get_mut(usize::try_from(i).unwrap_or(usize::MAX)) {
            *slot = slot.wrapping_add(c);
        }
    }
    b
}

/// The top of lquantize's last whole level, where its `>= top` bucket
/// starts.
pub(crate) fn lquantize_top(desc: &Aggregation) -> i64 {
    let (lo, _, step) = desc.lquantize;
    lo.wrapping_add((lquantize_levels(desc) * step) as i64)
}

/// The rows to print: one bucket either side of the nonzero ones, or
/// `empty_first..=empty_last` when all are zero.
fn row_range(b: &[u64], empty_first: usize, empty_last: usize) -> (usize, usize) {
    let last_index = b.len().saturating_sub(1);
    match b.iter().position(|&n| n != 0) {
        None => (empty_first, empty_last),
        Some(f) => {
            let l = b.iter().rposition(|&n| n != 0).unwrap_or(f);
            (f.saturating_sub(1), (l + 1).min(last_index))
        }
    }
}

/// The histogram's header and rows `first..=last` of `b` (counts, which
/// increments may make negative), as `dt_print_quantline` draws them:
/// bars right of the axis, left of it when all are negative, half bars
/// either side when both.
pub(crate) fn histogram(
    out: &mut String,
    b: &[u64],
    first: usize,
    last: usize,
    normal: u64,
    label: impl Fn(usize) -> Option<String>,
) {
    draw_histogram(out, b, (first, last), normal, label, display::zoom());
}

/// [`histogram`] with `aggzoom` given.
fn draw_histogram(
    out: &mut String,
    b: &[u64],
    (first, last): (usize, usize),
    normal: u64,
    label: impl Fn(usize) -> Option<String>,
    zoom: bool,
) {
    let rows = b.get(first..=last).unwrap_or(&[]);
    let sizes = rows.iter().map(|&n| u128::from((n as i64).unsigned_abs()));
    // Bars are shares of the total, or with `aggzoom` of the largest row,
    // which then fills 95% of the bar (DTrace's DTRACE_AGGZOOM_MAX):
    // scaled by 100 both ways to stay in integers.
    let total: u128 = match zoom {
        true => sizes.max().unwrap_or(0) * 100,
        false => sizes.sum::<u128>() * 95,
    };
    let positives = rows.iter().any(|&n| (n as i64) > 0);
    let negatives = rows.iter().any(|&n| (n as i64) < 0);
    let _ = writeln!(
        out,
        "\n{:>16} {:>41} {:<9}",
        "value", "------------- Distribution -------------", "count"
    );
    let len = if positives && negatives { BAR / 2 } else { BAR } as usize;
    for i in first..=last {
        // llquantize's buckets no integer falls in have no row.
        let Some(text) = label(i) else { continue };
        let v = b.get(i).copied().unwrap_or(0) as i64;
        // round(|v| * len / total), as dtrace's (f + 0.5) truncation.
        let depth = if total == 0 {
            0
        } else {
            let a = u128::from(v.unsigned_abs()) * 95;
            ((a * len as u128 * 2 + total) / (2 * total)) as usize
        }
        .min(len);
        let _ = write!(out, "{text:>16} ");
        bar_line(out, v, depth, len, (positives, negatives));
        let count = v.wrapping_div(normal.max(1) as i64);
        let _ = writeln!(out, " {count:<9}");
    }
}

/// One row's bar of `len` (40, or 20 either side of the axis when the
/// rows have `signs` both positive and negative), `depth` of it drawn
/// for the row's value `v` (`dt_print_quantline`).
pub(crate) fn bar_line(out: &mut String, v: i64, depth: usize, len: usize, signs: (bool, bool)) {
    let (positives, negatives) = signs;
    let depth = depth.min(len);
    let (ats, spaces) = ("@".repeat(depth), " ".repeat(len - depth));
    let _ = if !negatives {
        write!(out, "|{ats}{spaces}")
    } else if !positives {
        write!(out, "{spaces}{ats}|")
    } else if v <= 0 {
        write!(out, "{spaces}{ats}|{:len$}", "")
    } else {
        write!(out, "{:len$}|{ats}{spaces}", "")
    };
}

pub mod actions;
pub mod display;
mod hist;
mod key_cells;
mod llquantize;
mod pack;
pub mod printa;
pub mod view;

#[cfg(test)]
mod packed_tests;
#[cfg(test)]
mod tests;
