//! `printa`: one aggregation's entries, or several joined on their keys
//! (a key one lacks has its zero value), sorted as DTrace sorts them, in
//! the default layout (`dt_print_aggs`: the keys, then each value) or
//! through a format (`dt_printf_format`: `%@` conversions take the values
//! in turn, staying on the last; the others take the key elements).

use super::view::AggView;
use super::{display, hist, pack};
use super::{histogram_text, keys_text, scalar_value, value_text, zero_state, Key, Merged, State};
use crate::compiler::ir::Aggregation;
use crate::compiler::printf_format::{Format, Piece};
use crate::printf::{self, Dynamic};
use crate::records::Value;
use std::collections::BTreeMap;

/// One joined row: a key and each aggregation's state.
pub(crate) type Row = (Vec<Key>, Vec<State>);

/// What `printa([format,] aggs...)` prints.
pub fn render(
    view: &AggView,
    merged: &Merged,
    descs: &[Aggregation],
    format: Option<&Format>,
    aggs: &[u32],
) -> String {
    match format {
        // dt_consume: the default printa starts with a newline.
        None => format!("\n{}", default_rows(view, merged, descs, aggs)),
        Some(f) => formatted(view, merged, descs, f, aggs),
    }
}

/// The aggregations' descriptions, or none if an id is unknown.
pub(crate) fn descriptions<'a>(
    descs: &'a [Aggregation],
    aggs: &[u32],
) -> Option<Vec<&'a Aggregation>> {
    aggs.iter().map(|&a| descs.get(a as usize)).collect()
}

/// The joined, sorted rows.
pub(crate) fn rows(view: &AggView, merged: &Merged, ds: &[&Aggregation], aggs: &[u32]) -> Vec<Row> {
    let n = aggs.len();
    let mut table: BTreeMap<Vec<Key>, Vec<Option<State>>> = BTreeMap::new();
    for (i, (&agg, desc)) in aggs.iter().zip(ds).enumerate() {
        for (k, st) in view.entries(merged, desc, agg) {
            if let Some(slot) = table.entry(k).or_insert_with(|| vec![None; n]).get_mut(i) {
                *slot = Some(st);
            }
        }
    }
    let mut rows: Vec<Row> = table
        .into_iter()
        .map(|(k, states)| {
            let states = states
                .into_iter()
                .zip(ds)
                .map(|(s, d)| s.unwrap_or_else(|| zero_state(d)))
                .collect();
            (k, states)
        })
        .collect();
    rows.sort_by(|a, b| view.order(ds, (&a.0, &a.1), (&b.0, &b.1)));
    rows
}

/// Each row in the default layout: its keys, then each value, a line.
pub fn default_rows(
    view: &AggView,
    merged: &Merged,
    descs: &[Aggregation],
    aggs: &[u32],
) -> String {
    let Some(ds) = descriptions(descs, aggs) else {
        return String::new();
    };
    let mut out = String::new();
    let rows = rows(view, merged, &ds, aggs);
    // agghist and aggpack draw one aggregation at a time.
    let display = display::current();
    if let ([desc], [agg]) = (ds.as_slice(), aggs) {
        if display.hist && hist::applies(desc) {
            hist::render(&mut out, desc, &rows, view.normal(*agg), &display);
            return out;
        }
        if display.pack && pack::applies(desc) {
            pack::render(&mut out, desc, &rows, &display);
            return out;
        }
    }
    for (key, states) in rows {
        if let Some(first) = ds.first() {
            keys_text(&mut out, first, &key);
        }
        for ((st, d), &agg) in states.iter().zip(&ds).zip(aggs) {
            value_text(&mut out, d, st, view.normal(agg));
        }
        out.push('\n');
    }
    out
}

/// Each row through the format (`dt_printf_format` with an aggregation):
/// a `%@` conversion takes the next aggregation's value (staying on the
/// last), any other a key element, as does a `*` width or precision.
fn formatted(
    view: &AggView,
    merged: &Merged,
    descs: &[Aggregation],
    format: &Format,
    aggs: &[u32],
) -> String {
    let Some(ds) = descriptions(descs, aggs) else {
        return String::new();
    };
    let mut out = String::new();
    for (key, states) in rows(view, merged, &ds, aggs) {
        let mut keys = key.iter().map(|k| match k {
            Key::Int(v) => Value::Int(*v),
            Key::Str(s) => Value::Str(s.clone()),
        });
        let mut current = 0;
        for p in &format.pieces {
            let c = match p {
                Piece::Literal(t) => {
                    out.push_str(t);
                    continue;
                }
                Piece::Typed(_) => continue,
                Piece::Conversion(c) => c,
            };
            let mut d = Dynamic::default();
            if c.width_arg {
                d.width = Some(printf::star(keys.next().as_ref()));
            }
            if c.precision_arg {
                d.precision = Some(printf::star(keys.next().as_ref()));
            }
            if c.agg {
                let (Some(st), Some(desc), Some(&agg)) =
                    (states.get(current), ds.get(current), aggs.get(current))
                else {
                    continue;
                };
                current = (current + 1).min(aggs.len().saturating_sub(1));
                match scalar_value(desc, st, view.normal(agg)) {
                    Some(v) => printf::convert(&mut out, c, d, Some(&Value::Int(v as u64))),
                    None => histogram_text(&mut out, desc, st, view.normal(agg)),
                }
            } else if let Some(k) = keys.next() {
                printf::convert(&mut out, c, d, Some(&k));
            }
        }
    }
    out
}
