//! What a record shows: the data of its firing, from its items.

use crate::compiler::ir::AggAction;
use crate::consumer::ClausePlan;
use crate::output::decode::datum;
use crate::output::event::{Event, Firing, Part, Printout};
use crate::output::Datum;
use crate::records::{Item, Record, Value};
use rdtrace_uapi::trace::ProbeSpec;
use std::collections::BTreeMap;

/// The data `items` show, the record's items from index `first` on:
/// printa's printout where it stood (`printed`, by item index, taken out),
/// every other item as its datum, leaving out commands (`system()`,
/// `freopen()`, ...) and the aggregation actions that show nothing
/// (`clear()`, `trunc()`, `setopt()`, ...).
pub fn data(
    items: &[Item],
    first: usize,
    plan: &ClausePlan,
    printed: &mut BTreeMap<usize, Printout>,
) -> Vec<Datum> {
    items
        .iter()
        .enumerate()
        .filter_map(|(k, i)| match (printed.remove(&(first + k)), i) {
            (Some(p), _) => Some(Datum::Printa(p)),
            (None, Item::Printf { fmt, args })
                if plan.commands.contains_key(fmt) || plan.agg_actions.contains_key(fmt) =>
            {
                // `setopt("printsize")` applies to the print()s after it.
                if let (Some(AggAction::Setopt(name)), Some(Value::Str(v))) =
                    (plan.agg_actions.get(fmt), args.last())
                {
                    crate::output::print_type::setopt(name, v);
                }
                None
            }
            (None, i) => datum(i, &plan.formats),
        })
        .collect()
}

/// The firing of `rec` on `spec` showing `data`; `next` is the next
/// record's EPID and probe on its CPU, for flowindent's look ahead.
pub fn firing<'a>(
    rec: &Record,
    spec: &'a ProbeSpec,
    data: Vec<Datum>,
    next: Option<(u32, &'a ProbeSpec)>,
    part: Part,
) -> Event<'a> {
    Event::Probe(Firing {
        epid: rec.epid,
        spec,
        cpu: rec.cpu,
        timestamp: rec.timestamp,
        data,
        next,
        part,
    })
}
