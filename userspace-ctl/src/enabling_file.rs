//! Compiled enablings as files (`rdtrace --emit enabling`): what an
//! in-kernel consumer hands to `rdtrace_kapi_open` (the layout is
//! `rdtrace_uapi::enabling`'s), with a metadata section that lets
//! `rdtrace decode` print the records as `rdtrace` itself would.

use crate::agg_print::view::SortOpts;
use crate::call_return::BtfFiles;
use crate::compiler::ir::{AggAction, AggFunc, Aggregation};
use crate::compiler::types::Type;
use crate::consumer::{enable_options, kernel_specs, ClausePlan, FaultSites, Options};
use crate::error::{Error, Result};
use rdtrace_uapi::enabling::{self, ClauseBlobs, Enabling};
use rdtrace_uapi::trace::ProbeSpec;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What printing a clause's records needs beyond its probes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClauseMeta {
    /// printf formats by format id, as the compiler parsed them.
    pub formats: HashMap<u32, crate::compiler::Format>,
    /// Format ids that are commands (`system()`, `freopen()`, ...).
    #[serde(default)]
    pub commands: Vec<(u32, crate::compiler::ir::Command)>,
    /// A firing that recorded nothing shows nothing.
    pub silent: bool,
    /// Each predicate instruction's source position.
    pub predicate_sites: Vec<String>,
    /// Each actions instruction's source position.
    pub action_sites: Vec<String>,
    /// The format ids that are aggregation actions (printa, clear, ...).
    #[serde(default)]
    pub agg_actions: Vec<(u32, AggAction)>,
}

/// An aggregation of the script, as the printer needs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AggMeta {
    /// Its D name without `@`.
    pub name: String,
    /// The function's D name.
    pub func: String,
    /// `lquantize`'s bounds and step.
    pub lquantize: (i64, i64, u64),
    /// `llquantize`'s factor, low, high and steps.
    pub llquantize: Option<(u64, u64, u64, u64)>,
    /// The key types.
    pub keys: Vec<Type>,
}

const AGG_FUNCS: [AggFunc; 9] = [
    AggFunc::Count,
    AggFunc::Sum,
    AggFunc::Min,
    AggFunc::Max,
    AggFunc::Avg,
    AggFunc::Stddev,
    AggFunc::Quantize,
    AggFunc::Lquantize,
    AggFunc::Llquantize,
];

impl AggMeta {
    /// `a`'s printing metadata.
    pub fn of(a: &Aggregation) -> AggMeta {
        AggMeta {
            name: a.name.clone(),
            func: a.func.name().to_string(),
            lquantize: a.lquantize,
            llquantize: a.llquantize.map(|p| (p.factor, p.low, p.high, p.steps)),
            keys: a.keys.clone(),
        }
    }

    /// The aggregation again (without its source position).
    pub fn aggregation(&self) -> Result<Aggregation> {
        let func = AGG_FUNCS
            .into_iter()
            .find(|f| f.name() == self.func)
            .ok_or_else(|| {
                Error::Program(format!(
                    "the enabling's metadata: no aggregating function {}",
                    self.func
                ))
            })?;
        Ok(Aggregation {
            name: self.name.clone(),
            func,
            lquantize: self.lquantize,
            llquantize: self.llquantize.map(|(factor, low, high, steps)| {
                rdtrace_uapi::aggs::llquantize::Params {
                    factor,
                    low,
                    high,
                    steps,
                }
            }),
            keys: self.keys.clone(),
            span: Default::default(),
        })
    }
}

/// How the script's aggregations print.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AggsMeta {
    /// By aggregation id.
    pub aggs: Vec<AggMeta>,
    /// The sort options the script and command line set.
    pub sort: SortOpts,
}

/// The metadata section: how the script asked to be printed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// `-q`.
    pub quiet: bool,
    /// `-F`.
    pub flowindent: bool,
    /// By clause index.
    pub clauses: Vec<ClauseMeta>,
    /// The aggregations.
    #[serde(default)]
    pub aggs: AggsMeta,
}

impl Meta {
    /// The clause plans a printer needs (no programs, no probes: the
    /// probes come from the enabling's probe table).
    pub fn plans(&self) -> Vec<ClausePlan> {
        self.clauses
            .iter()
            .map(|c| ClausePlan {
                formats: c.formats.clone(),
                commands: c.commands.iter().copied().collect(),
                silent: c.silent,
                sites: FaultSites {
                    predicate: c.predicate_sites.clone(),
                    actions: c.action_sites.clone(),
                },
                agg_actions: c.agg_actions.iter().cloned().collect(),
                ..ClausePlan::default()
            })
            .collect()
    }

    /// The script's aggregations, by id.
    pub fn aggregations(&self) -> Result<Vec<Aggregation>> {
        self.aggs.aggs.iter().map(AggMeta::aggregation).collect()
    }
}

/// What printing needs beyond the clauses: `-q`, `-F`, the aggregations.
#[derive(Clone, Debug, Default)]
pub struct Printing<'a> {
    /// `-q`.
    pub quiet: bool,
    /// `-F`.
    pub flowindent: bool,
    /// The script's aggregations.
    pub aggs: &'a [Aggregation],
    /// Their sort options.
    pub sort: SortOpts,
}

/// The enabling of `plans` with `opts`, printed with `quiet`/`flowindent`.
pub fn encode(plans: &[ClausePlan], opts: &Options, quiet: bool, flowindent: bool) -> Vec<u8> {
    let printing = Printing {
        quiet,
        flowindent,
        ..Printing::default()
    };
    encode_printing(plans, opts, &printing)
}

/// The enabling of `plans` with `opts`, printed as `printing` says.
pub fn encode_printing(plans: &[ClausePlan], opts: &Options, printing: &Printing<'_>) -> Vec<u8> {
    let mut agg_actions: Vec<Vec<(u32, AggAction)>> = plans
        .iter()
        .map(|p| p.agg_actions.iter().map(|(k, v)| (*k, v.clone())).collect())
        .collect();
    for a in &mut agg_actions {
        a.sort_by_key(|(k, _)| *k);
    }
    let meta = Meta {
        quiet: printing.quiet,
        flowindent: printing.flowindent,
        aggs: AggsMeta {
            aggs: printing.aggs.iter().map(AggMeta::of).collect(),
            sort: printing.sort,
        },
        clauses: plans
            .iter()
            .zip(agg_actions)
            .map(|(p, agg_actions)| ClauseMeta {
                formats: p.formats.clone(),
                commands: p.commands.iter().map(|(&id, &c)| (id, c)).collect(),
                silent: p.silent,
                predicate_sites: p.sites.predicate.clone(),
                action_sites: p.sites.actions.clone(),
                agg_actions,
            })
            .collect(),
    };
    let meta = serde_json::to_vec(&meta).unwrap_or_default();
    let blobs: Vec<ClauseBlobs<'_>> = plans
        .iter()
        .map(|p| ClauseBlobs {
            predicate: p.predicate.as_deref(),
            actions: &p.actions,
        })
        .collect();
    enabling::encode(
        &enable_options(opts),
        &blobs,
        &kernel_specs(plans, opts, &mut BtfFiles::system()),
        &meta,
    )
}

/// An enabling read back: its probes and metadata.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// By EPID - 1.
    pub specs: Vec<ProbeSpec>,
    /// How to print.
    pub meta: Meta,
    /// Bytes of each CPU's aggregation table (0: the default).
    pub aggsize: u32,
}

/// Parses an enabling's probe table and metadata.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    let e = Enabling::parse(bytes).map_err(|e| Error::Program(e.to_string()))?;
    // Shown as enabled, but for the kernel's own call-return mark.
    let specs = (0..e.args().nprobes)
        .filter_map(|i| e.probe(i))
        .map(|mut s| {
            crate::call_return::unmark(&mut s);
            s
        })
        .collect();
    let meta = serde_json::from_slice(e.meta())
        .map_err(|err| Error::Program(format!("the enabling's metadata: {err}")))?;
    let aggsize = e.args().aggsize;
    Ok(Decoded {
        specs,
        meta,
        aggsize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probes::Probe;

    #[test]
    fn an_enabling_keeps_its_probes_formats_and_options() {
        let probe = Probe {
            under: None,
            id: 7,
            kind: rdtrace_uapi::trace::PROBE_ENTRY,
            addr: 0xffffffff81000000,
            provider: "fbt",
            module: "vmlinux".into(),
            function: "ksys_read".into(),
            name: "entry".into(),
        };
        let plan = ClausePlan {
            actions: vec![1, 2, 3],
            formats: HashMap::from([(1, crate::compiler::Format::parse_or_literal("%s %d\n"))]),
            probes: vec![probe],
            ..ClausePlan::default()
        };
        let opts = Options {
            bufsize: 1 << 16,
            ..Options::default()
        };
        let blob = encode(std::slice::from_ref(&plan), &opts, true, false);
        let e = Enabling::parse(&blob).unwrap();
        assert_eq!(e.args().bufsize, 1 << 16);
        let c = e.clause(0).unwrap();
        assert_eq!(e.program(c.actions, c.actions_len), Some(&[1u8, 2, 3][..]));
        let d = decode(&blob).unwrap();
        assert_eq!(d.specs.len(), 1);
        assert_eq!((d.specs[0].id, d.specs[0].addr), (7, 0xffffffff81000000));
        assert!(d.meta.quiet && !d.meta.flowindent);
        assert_eq!(d.meta.plans()[0].formats, plan.formats);
    }
}
