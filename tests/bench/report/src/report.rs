//! The computed results: what the text, JSON and chart outputs show.

use std::collections::BTreeMap;

use crate::raw::Group;
use crate::stats::Summary;

/// The id of the baseline row: the target called with nothing attached.
pub const BASELINE_ID: &str = "none";

/// What the loop "nanoseconds" count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Wall-clock nanoseconds.
    Ns,
    /// Guest instructions: under `qemu -icount shift=0` a virtual
    /// nanosecond is one instruction.
    Insns,
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Ns => "ns",
            Unit::Insns => "insns",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub meta: Vec<(String, String)>,
    pub unit: Unit,
    /// Median per-call time of the baseline row, if there are loop rows.
    pub baseline_per_call: Option<f64>,
    /// Per group, the id of the row the ratio column is relative to.
    pub ratio_reference: BTreeMap<Group, String>,
    pub rows: Vec<RowReport>,
    /// The guest's notes, then the findings of the analysis.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowReport {
    pub id: String,
    pub group: Group,
    pub label: String,
    /// Number of distinct samples.
    pub samples: usize,
    /// `None` when the row has no samples.
    pub stats: Option<RowStats>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RowStats {
    /// `overhead` and `scale` rows.
    Loop {
        /// Per-call time (mean over CPUs) over samples.
        per_call: Summary,
        /// Per-call time minus the baseline's median per-call time.
        delta: Summary,
        /// Median delta relative to the group's reference row.
        ratio: Option<f64>,
    },
    /// `setup` and `startup` rows.
    Duration {
        ms: Summary,
        /// rdtrace's setup rows: over tracefs's time, sample by sample.
        tracefs_ratio: Option<Summary>,
    },
    /// `throughput` rows.
    Rate {
        records_per_s: Summary,
        /// Median over samples that report drops.
        drop_percent: Option<f64>,
    },
}

impl Report {
    pub fn meta(&self, key: &str) -> Option<&str> {
        crate::raw::meta_value(&self.meta, key)
    }

    pub fn rows_in(&self, group: Group) -> impl Iterator<Item = &RowReport> {
        self.rows.iter().filter(move |r| r.group == group)
    }

    /// Groups with at least one row, in display order.
    pub fn groups(&self) -> impl Iterator<Item = Group> + '_ {
        Group::ALL
            .into_iter()
            .filter(|&g| self.rows_in(g).next().is_some())
    }
}

impl RowReport {
    pub fn is_baseline(&self) -> bool {
        self.id == BASELINE_ID
    }
}
