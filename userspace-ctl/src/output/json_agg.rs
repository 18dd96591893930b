//! Aggregations as JSON: each one's name, function and entries, an
//! entry's keys typed as JSON (integers, strings, a stack as its frames)
//! and its value, or for the histograms its buckets with their bounds;
//! with, for merging many hosts' (`rdtrace collect`), the aggregation's
//! definition and each entry's exact state.

use super::buckets::buckets;
use super::event::Printout;
use super::json_state::to_json;
use crate::agg_print::{scalar_value, Key, State};
use crate::compiler::ir::Aggregation;
use crate::compiler::types::{SymbolKind, Type};
use crate::enabling_file::AggMeta;
use crate::ksyms::Ksyms;
use crate::stacks;
use serde_json::{json, Value};

/// A frame list: the stack's frames, innermost first.
pub fn frames(pcs: &[u64]) -> Value {
    json!(stacks::kernel_frames(Ksyms::global(), pcs))
}

/// One key element, typed as its D type reads (as `dt_print_datum` does).
fn key_value(k: &Key, ty: Type) -> Value {
    match (k, ty) {
        (Key::Str(s), Type::Stack) => frames(&stacks::pcs_of(s)),
        (Key::Str(s), Type::Ustack) => json!(stacks::user_frames(&stacks::pcs_of(s))),
        (Key::Str(s), Type::Usym(kind)) => json!(crate::user_syms::recorded(s, kind)),
        (Key::Str(s), _) => Value::String(String::from_utf8_lossy(s).into_owned()),
        (Key::Int(v), Type::Symbol(SymbolKind::Module)) => json!(Ksyms::global().module(*v)),
        (Key::Int(v), Type::Symbol(_)) => json!(Ksyms::global().function(*v)),
        (Key::Int(v), Type::Int { size: 1, .. }) => json!(*v as u8),
        (Key::Int(v), Type::Int { size: 2, .. }) => json!(*v as u16),
        (Key::Int(v), Type::Int { size: 4, .. }) => json!(*v as i32),
        (Key::Int(v), Type::Int { signed: false, .. } | Type::Ptr { .. }) => json!(*v),
        (Key::Int(v), _) => json!(*v as i64),
    }
}

/// One entry: its keys, then its value or buckets.
fn entry(desc: &Aggregation, key: &[Key], state: &State, normal: u64) -> Value {
    let keys: Vec<Value> = key
        .iter()
        .zip(desc.keys.iter().chain(std::iter::repeat(&Type::INT)))
        .map(|(k, ty)| key_value(k, *ty))
        .collect();
    match buckets(desc, state, normal) {
        Some(b) => {
            let b: Vec<Value> = b
                .iter()
                .map(|b| json!({"lower": b.lower, "upper": b.upper, "count": b.count}))
                .collect();
            json!({"keys": keys, "buckets": b, "state": to_json(state)})
        }
        None => json!({
            "keys": keys,
            "value": scalar_value(desc, state, normal),
            "state": to_json(state),
        }),
    }
}

/// Each aggregation of a printout, with its entries in the printed order.
pub fn aggregations(p: &Printout) -> Vec<Value> {
    p.aggs
        .iter()
        .enumerate()
        .map(|(i, (desc, normal))| {
            let entries: Vec<Value> = p
                .rows
                .iter()
                .filter_map(|(key, states)| Some(entry(desc, key, states.get(i)?, *normal)))
                .collect();
            json!({
                "name": format!("@{}", desc.name),
                "function": desc.func.name(),
                "entries": entries,
                "definition": AggMeta::of(desc),
            })
        })
        .collect()
}
