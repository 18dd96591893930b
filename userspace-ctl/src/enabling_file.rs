//! Compiled enablings as files (`rdtrace --emit enabling`): what an
//! in-kernel consumer hands to `rdtrace_kapi_open` (the layout is
//! `rdtrace_uapi::enabling`'s), with a metadata section that lets
//! `rdtrace decode` print the records as `rdtrace` itself would.

use crate::consumer::{enable_options, probe_specs, ClausePlan, FaultSites, Options};
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
    /// Format ids that are `system()` commands.
    pub system: Vec<u32>,
    /// A firing that recorded nothing shows nothing.
    pub silent: bool,
    /// Each predicate instruction's source position.
    pub predicate_sites: Vec<String>,
    /// Each actions instruction's source position.
    pub action_sites: Vec<String>,
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
}

impl Meta {
    /// The clause plans a printer needs (no programs, no probes: the
    /// probes come from the enabling's probe table).
    pub fn plans(&self) -> Vec<ClausePlan> {
        self.clauses
            .iter()
            .map(|c| ClausePlan {
                formats: c.formats.clone(),
                system: c.system.iter().copied().collect(),
                silent: c.silent,
                sites: FaultSites {
                    predicate: c.predicate_sites.clone(),
                    actions: c.action_sites.clone(),
                },
                ..ClausePlan::default()
            })
            .collect()
    }
}

/// The enabling of `plans` with `opts`, printed with `quiet`/`flowindent`.
pub fn encode(plans: &[ClausePlan], opts: &Options, quiet: bool, flowindent: bool) -> Vec<u8> {
    let meta = Meta {
        quiet,
        flowindent,
        clauses: plans
            .iter()
            .map(|p| ClauseMeta {
                formats: p.formats.clone(),
                system: p.system.iter().copied().collect(),
                silent: p.silent,
                predicate_sites: p.sites.predicate.clone(),
                action_sites: p.sites.actions.clone(),
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
        &probe_specs(plans, opts.maxactive),
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
}

/// Parses an enabling's probe table and metadata.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    let e = Enabling::parse(bytes).map_err(|e| Error::Program(e.to_string()))?;
    let specs = (0..e.args().nprobes).filter_map(|i| e.probe(i)).collect();
    let meta = serde_json::from_slice(e.meta())
        .map_err(|err| Error::Program(format!("the enabling's metadata: {err}")))?;
    Ok(Decoded { specs, meta })
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
