//! rdtrace's setup rows against tracefs's, sample by sample: the guest runs
//! the two tools one right after the other for each sample (scale.sh), so
//! the ratio within a pair leaves out the drift between samples that the
//! ratio of two medians keeps.

use std::collections::BTreeMap;

use crate::raw::{Bench, Group, Samples};
use crate::stats::{ratio, Summary};

/// The tool every rdtrace setup row is paired with.
const PEER: &str = "tracefs";

/// Per rdtrace setup row (`enable-rdtrace-N`, `teardown-rdtrace-N`), the
/// min/median/max of rdtrace's time over tracefs's in the same sample.
pub fn tracefs_ratios(bench: &Bench) -> BTreeMap<String, Summary> {
    let times = |id: &str| -> Option<BTreeMap<u32, u64>> {
        let row = bench
            .rows
            .iter()
            .find(|r| r.id == id && r.group == Group::Setup)?;
        match &row.samples {
            Samples::Time(s) => Some(s.iter().map(|t| (t.sample, t.ns)).collect()),
            _ => None,
        }
    };
    let mut out = BTreeMap::new();
    for row in bench.rows.iter().filter(|r| r.group == Group::Setup) {
        let Some((phase, n)) = rdtrace_row(&row.id) else {
            continue;
        };
        let (Some(ours), Some(theirs)) = (times(&row.id), times(&format!("{phase}-{PEER}-{n}")))
        else {
            continue;
        };
        let ratios: Vec<f64> = ours
            .iter()
            .filter_map(|(sample, &ns)| ratio(ns as f64, *theirs.get(sample)? as f64))
            .collect();
        if let Some(summary) = Summary::of(&ratios) {
            out.insert(row.id.clone(), summary);
        }
    }
    out
}

/// `("enable", "all")` for `enable-rdtrace-all`.
fn rdtrace_row(id: &str) -> Option<(&str, &str)> {
    let (phase, rest) = id.split_once('-')?;
    let n = rest.strip_prefix("rdtrace-")?;
    Some((phase, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bench(input: &str) -> Bench {
        crate::raw::parse(input).unwrap()
    }

    #[test]
    fn pairs_by_sample() {
        let b = bench(
            "\
RDBENCH row enable-rdtrace-all setup rdtrace
RDBENCH row enable-tracefs-all setup tracefs
RDBENCH time enable-rdtrace-all 1 900
RDBENCH time enable-tracefs-all 1 1000
RDBENCH time enable-rdtrace-all 2 3000
RDBENCH time enable-tracefs-all 2 2000
RDBENCH time enable-rdtrace-all 3 500
RDBENCH time enable-tracefs-all 4 500
",
        );
        let r = tracefs_ratios(&b);
        // Sample 3 and 4 have no partner.
        assert_eq!(
            r["enable-rdtrace-all"],
            Summary {
                min: 0.9,
                median: 1.2,
                max: 1.5
            }
        );
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn no_peer_no_ratio() {
        let b = bench(
            "\
RDBENCH row teardown-rdtrace-1 setup rdtrace
RDBENCH time teardown-rdtrace-1 1 900
",
        );
        assert!(tracefs_ratios(&b).is_empty());
        assert_eq!(rdtrace_row("enable-bpftrace-1"), None);
    }
}
