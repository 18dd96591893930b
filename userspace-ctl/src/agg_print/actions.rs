//! A record's aggregation actions (`printa`, `clear`, `trunc`,
//! `normalize`, `setopt`): the consumer carries them out when it reads
//! the record, against the merged aggregations of that moment -- `rdtrace`
//! through AGGSNAP, `rdtrace decode` through the snapshots a kernel
//! consumer forwarded.

use super::view::AggView;
use super::Merged;
use crate::compiler::ir::{AggAction, Aggregation};
use crate::consumer::ClausePlan;
use crate::error::Result;
use crate::output::event::Printout;
use crate::records::{Item, Record, Value};
use std::collections::BTreeMap;

/// One action of a record: the item's index, the action, its recorded value.
pub type RecordAction = (usize, AggAction, Option<Value>);

/// The aggregation actions of `rec`, a record of `plan`'s clause.
pub fn of_record(plan: &ClausePlan, rec: &Record) -> Vec<RecordAction> {
    if plan.agg_actions.is_empty() {
        return Vec::new();
    }
    rec.items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            Item::Printf { fmt, args } => plan
                .agg_actions
                .get(fmt)
                .map(|a| (i, a.clone(), args.first().cloned())),
            _ => None,
        })
        .collect()
}

/// Carries out `acts` in order on `view`; returns what each printa
/// printed, by item index. `merged` is asked once, and only if there is
/// an action.
pub fn apply(
    view: &mut AggView,
    aggs: &[Aggregation],
    acts: Vec<RecordAction>,
    merged: impl FnOnce() -> Result<Merged>,
) -> Result<BTreeMap<usize, Printout>> {
    // A BTreeMap: made empty for every record, which costs it nothing.
    let mut printed = BTreeMap::new();
    if acts.is_empty() {
        return Ok(printed);
    }
    let merged = merged()?;
    for (i, act, value) in acts {
        if let Some(p) = view.apply(&merged, aggs, &act, value.as_ref()) {
            printed.insert(i, p);
        }
    }
    Ok(printed)
}
