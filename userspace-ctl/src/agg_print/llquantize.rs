//! `llquantize`'s histogram as DTrace draws it (`dt_print_llquantize`):
//! the rows from one bucket below the first used to one above the last,
//! each labelled with its bucket's lower bound; buckets no integer falls
//! in (a magnitude finer than 1) have no label and no row.

use super::histogram;
use crate::compiler::ir::Aggregation;
use rdtrace_uapi::aggs::llquantize::Params;
use std::collections::BTreeMap;

/// Each bucket's label, `None` for those without a row. `first` is the
/// first row printed (it decides how the bucket of 0 is called).
fn labels(p: &Params, first: u64) -> Vec<Option<String>> {
    let n = p.buckets() as usize;
    let bin0 = p.bin0() as i64;
    let mut l: Vec<Option<String>> = vec![None; n];
    let mut set = |i: i64, text: String| {
        if let Some(slot) = usize::try_from(i).ok().and_then(|i| l.get_mut(i)) {
            *slot = Some(text);
        }
    };
    let scale = p.pow(p.low);
    let zero = if scale == 1 {
        "0".to_string()
    } else if first >= p.bin0() {
        format!("< {scale}")
    } else {
        format!("abs() < {scale}")
    };
    set(bin0, zero);
    set(bin0 - 1, format!("-{scale}"));
    set(bin0 + 1, scale.to_string());
    let per = p.steps / p.factor;
    let mut i: i64 = 1;
    let mut mag = p.low;
    if p.low == 0 && p.steps > p.factor {
        for step in 2..=p.factor {
            i += per as i64;
            set(bin0 - i, format!("-{step}"));
            set(bin0 + i, step.to_string());
        }
        mag += 1;
    }
    let mut scale = p.pow(mag + 1) / p.steps;
    while mag <= p.high {
        for step in per + 1..=p.steps {
            i += 1;
            set(bin0 - i, format!("-{}", step * scale));
            set(bin0 + i, (step * scale).to_string());
        }
        scale = scale.saturating_mul(p.factor);
        mag += 1;
    }
    let top = p.pow(p.high + 1);
    set(0, format!("<= -{top}"));
    set(n as i64 - 1, format!(">= {top}"));
    l
}

/// The value bucket `i` stands for in sorting: its label's number.
pub fn bucket_value(desc: &Aggregation, i: u64) -> i64 {
    let Some(p) = desc.llquantize else { return 0 };
    if i == p.bin0() {
        return 0;
    }
    let l = labels(&p, 0);
    l.get(i as usize)
        .and_then(|s| s.as_deref())
        .map(|s| {
            let digits: String = s
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            digits.parse().unwrap_or(0)
        })
        .unwrap_or(0)
}

/// The histogram of the buckets `used` (bucket to count).
pub fn text(out: &mut String, desc: &Aggregation, used: &BTreeMap<u64, u64>, normal: u64) {
    let Some(p) = desc.llquantize else { return };
    let n = p.buckets() as usize;
    let mut b = vec![0u64; n];
    for (&i, &c) in used {
        if let Some(slot) = b.get_mut(i as usize) {
            *slot = slot.wrapping_add(c);
        }
    }
    let (mut first, mut last) = match b.iter().position(|&c| c != 0) {
        None => (p.bin0() as usize + 1, p.bin0() as usize + 1),
        Some(f) => (f, b.iter().rposition(|&c| c != 0).unwrap_or(f)),
    };
    first = first.saturating_sub(1);
    last = (last + 1).min(n - 1);
    let mut l = labels(&p, first as u64);
    // A first or last row on a bucket with no label takes the nearest
    // label beyond it (DTrace's "ghost bin" padding).
    let pad = if p.low == 0 && p.steps > p.factor {
        (p.steps / p.factor) as usize
    } else {
        0
    };
    if pad > 0 {
        if l.get(first).is_some_and(Option::is_none) {
            let near = (1..pad).find_map(|k| first.checked_sub(k).and_then(|j| l.get(j)?.clone()));
            if let Some(slot) = l.get_mut(first) {
                *slot = near;
            }
        }
        if l.get(last).is_some_and(Option::is_none) {
            let near = (1..pad).find_map(|k| l.get(last + k)?.clone());
            if let Some(slot) = l.get_mut(last) {
                *slot = near;
            }
        }
    }
    histogram(out, &b, first, last, normal, |i| {
        l.get(i).cloned().flatten()
    });
}
