//! From raw samples to a [`Report`]: per-call times, deltas over the
//! baseline, ratios to a reference row, durations, rates, and the hits check.

use std::collections::{BTreeMap, HashSet};

use anyhow::{bail, Result};

use crate::raw::{Bench, Group, LoopSample, RateSample, Row, Samples, TimeSample};
use crate::report::{Report, RowReport, RowStats, Unit, BASELINE_ID};
use crate::stats::{mean, median, ratio, Summary};

/// The overhead row the others are compared to.
const OVERHEAD_REFERENCE_ID: &str = "rdtrace-null";
/// The preferred scale reference; otherwise the first scale row.
const SCALE_REFERENCE_ID: &str = "scale-1";

pub fn analyze(bench: &Bench) -> Result<Report> {
    let unit = match bench.meta("mode") {
        Some("icount") => Unit::Insns,
        _ => Unit::Ns,
    };
    let baseline = baseline_per_call(bench)?;
    let mut rows: Vec<RowReport> = bench
        .rows
        .iter()
        .map(|row| row_report(row, baseline))
        .collect();
    let ratio_reference = set_ratios(&mut rows);
    let paired = crate::paired::tracefs_ratios(bench);
    for row in &mut rows {
        if let Some(RowStats::Duration { tracefs_ratio, .. }) = &mut row.stats {
            *tracefs_ratio = paired.get(&row.id).copied();
        }
    }
    let mut notes = bench.notes.clone();
    notes.extend(bench.rows.iter().filter_map(hits_note));
    Ok(Report {
        meta: bench.meta.clone(),
        unit,
        baseline_per_call: baseline,
        ratio_reference,
        rows,
        notes,
    })
}

/// The baseline's median per-call time; required as soon as there are loop rows.
fn baseline_per_call(bench: &Bench) -> Result<Option<f64>> {
    let has_loops = bench
        .rows
        .iter()
        .any(|r| matches!(r.samples, Samples::Loop(_)));
    if !has_loops {
        return Ok(None);
    }
    let Some(row) = bench.rows.iter().find(|r| r.id == BASELINE_ID) else {
        bail!("no baseline: the overhead/scale rows need the row `{BASELINE_ID}` (the bare call)");
    };
    let Samples::Loop(samples) = &row.samples else {
        bail!(
            "the baseline row `{BASELINE_ID}` is in group {}; it must be an overhead row",
            row.group
        );
    };
    match median(&per_call_by_sample(samples)) {
        Some(base) => Ok(Some(base)),
        None => bail!("the baseline row `{BASELINE_ID}` has no samples"),
    }
}

fn row_report(row: &Row, baseline: Option<f64>) -> RowReport {
    let (samples, stats) = match &row.samples {
        Samples::Loop(s) => {
            let per_call = per_call_by_sample(s);
            let base = baseline.expect("loop rows have a baseline");
            let stats = Summary::of(&per_call).map(|per_call| RowStats::Loop {
                per_call,
                delta: per_call.map(|v| v - base),
                ratio: None,
            });
            (per_call.len(), stats)
        }
        Samples::Time(s) => {
            let ms = durations_ms(s);
            (
                ms.len(),
                Summary::of(&ms).map(|ms| RowStats::Duration {
                    ms,
                    tracefs_ratio: None,
                }),
            )
        }
        Samples::Rate(s) => {
            let rates: Vec<f64> = s.iter().map(records_per_s).collect();
            let drops: Vec<f64> = s.iter().filter_map(drop_percent).collect();
            let stats = Summary::of(&rates).map(|records_per_s| RowStats::Rate {
                records_per_s,
                drop_percent: median(&drops),
            });
            (rates.len(), stats)
        }
    };
    RowReport {
        id: row.id.clone(),
        group: row.group,
        label: row.label.clone(),
        samples,
        stats,
    }
}

/// Per sample (in sample order), the mean over CPUs of elapsed/calls.
fn per_call_by_sample(samples: &[LoopSample]) -> Vec<f64> {
    let mut by_sample: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for s in samples {
        by_sample
            .entry(s.sample)
            .or_default()
            .push(s.elapsed_ns as f64 / s.calls as f64);
    }
    by_sample.values().filter_map(|cpus| mean(cpus)).collect()
}

fn durations_ms(samples: &[TimeSample]) -> Vec<f64> {
    samples.iter().map(|s| s.ns as f64 / 1e6).collect()
}

fn records_per_s(s: &RateSample) -> f64 {
    s.delivered as f64 / (s.elapsed_ns as f64 / 1e9)
}

fn drop_percent(s: &RateSample) -> Option<f64> {
    let dropped = s.dropped? as f64;
    let total = s.delivered as f64 + dropped;
    (total > 0.0).then(|| 100.0 * dropped / total)
}

/// Fills in the ratio column of the overhead and scale rows; returns the
/// reference row of each group that has one with a positive median delta.
fn set_ratios(rows: &mut [RowReport]) -> BTreeMap<Group, String> {
    let mut references = BTreeMap::new();
    for group in [Group::Overhead, Group::Scale] {
        let in_group = |r: &&RowReport| r.group == group && r.stats.is_some();
        let reference = match group {
            Group::Overhead => rows
                .iter()
                .filter(in_group)
                .find(|r| r.id == OVERHEAD_REFERENCE_ID),
            _ => rows
                .iter()
                .filter(in_group)
                .find(|r| r.id == SCALE_REFERENCE_ID)
                .or_else(|| rows.iter().find(in_group)),
        };
        let Some((id, Some(RowStats::Loop { delta, .. }))) =
            reference.map(|r| (r.id.clone(), r.stats.clone()))
        else {
            continue;
        };
        if delta.median <= 0.0 {
            continue;
        }
        for row in rows
            .iter_mut()
            .filter(|r| r.group == group && !r.is_baseline())
        {
            if let Some(RowStats::Loop {
                delta: d, ratio: r, ..
            }) = &mut row.stats
            {
                *r = ratio(d.median, delta.median);
            }
        }
        references.insert(group, id);
    }
    references
}

/// "ID: N of M samples had hits != calls (hits H, calls C)", for rows whose
/// probe handler counts hits and missed some (or saw extra ones); H and C
/// are totals over the CPUs of the first such sample.
fn hits_note(row: &Row) -> Option<String> {
    let Samples::Loop(samples) = &row.samples else {
        return None;
    };
    let mut totals: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    let mut bad = HashSet::new();
    for s in samples {
        let Some(hits) = s.hits else { continue };
        let total = totals.entry(s.sample).or_default();
        total.0 += hits;
        total.1 += s.calls;
        if hits != s.calls {
            bad.insert(s.sample);
        }
    }
    let all: HashSet<u32> = samples.iter().map(|s| s.sample).collect();
    let (hits, calls) = totals.iter().find(|(n, _)| bad.contains(n))?.1;
    Some(format!(
        "{}: {} of {} samples had hits != calls (hits {hits}, calls {calls})",
        row.id,
        bad.len(),
        all.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::parse;

    fn report(input: &str) -> Report {
        analyze(&parse(input).unwrap()).unwrap()
    }

    fn loop_stats(report: &Report, id: &str) -> (Summary, Summary, Option<f64>) {
        let row = report.rows.iter().find(|r| r.id == id).unwrap();
        match row.stats.clone() {
            Some(RowStats::Loop {
                per_call,
                delta,
                ratio,
            }) => (per_call, delta, ratio),
            other => panic!("{id}: {other:?}"),
        }
    }

    /// Baseline: samples at 10, 12, 14 ns/call (two CPUs each), median 12.
    const BASE: &str = "\
RDBENCH row none overhead bare call
RDBENCH loop none 0 0 100 1000 -
RDBENCH loop none 0 1 100 1000 -
RDBENCH loop none 1 0 100 1100 -
RDBENCH loop none 1 1 100 1300 -
RDBENCH loop none 2 0 100 1400 -
RDBENCH loop none 2 1 100 1400 -
";

    #[test]
    fn per_call_is_mean_over_cpus_and_delta_is_over_the_baseline_median() {
        let input = format!(
            "{BASE}\
RDBENCH row rdtrace-null overhead null clause
RDBENCH loop rdtrace-null 0 0 100 5200 100
RDBENCH loop rdtrace-null 0 1 50 2600 50
RDBENCH loop rdtrace-null 1 0 100 6200 100
RDBENCH loop rdtrace-null 1 1 100 6200 100
RDBENCH row kprobe-int3 overhead kprobe
RDBENCH loop kprobe-int3 0 0 100 16200 100
RDBENCH loop kprobe-int3 1 0 100 18200 99
"
        );
        let r = report(&input);
        assert_eq!(r.baseline_per_call, Some(12.0));
        assert_eq!(r.unit, Unit::Ns);

        let (per_call, delta, ratio) = loop_stats(&r, "none");
        assert_eq!(
            (per_call.min, per_call.median, per_call.max),
            (10.0, 12.0, 14.0)
        );
        assert_eq!((delta.min, delta.median, delta.max), (-2.0, 0.0, 2.0));
        assert_eq!(ratio, None);

        // Samples at 52 and 62 ns/call: delta 40 and 50, median 45.
        let (_, delta, ratio) = loop_stats(&r, "rdtrace-null");
        assert_eq!((delta.min, delta.median, delta.max), (40.0, 45.0, 50.0));
        assert_eq!(ratio, Some(1.0));

        // Samples at 162 and 182: delta 150 and 170, median 160 = 3.555... x 45.
        let (_, delta, ratio) = loop_stats(&r, "kprobe-int3");
        assert_eq!(delta.median, 160.0);
        assert!((ratio.unwrap() - 160.0 / 45.0).abs() < 1e-12);

        assert_eq!(
            r.ratio_reference.get(&Group::Overhead).map(String::as_str),
            Some("rdtrace-null")
        );
        assert_eq!(
            r.notes,
            vec!["kprobe-int3: 1 of 2 samples had hits != calls (hits 99, calls 100)"]
        );
    }

    #[test]
    fn scale_ratio_is_relative_to_scale_1_or_the_first_scale_row() {
        let scale = "\
RDBENCH row scale-100 scale 100 probes
RDBENCH loop scale-100 0 0 100 5200 -
RDBENCH row scale-1 scale 1 probe
RDBENCH loop scale-1 0 0 100 3200 -
";
        let r = report(&format!("{BASE}{scale}"));
        assert_eq!(loop_stats(&r, "scale-100").2, Some(2.0));
        assert_eq!(loop_stats(&r, "scale-1").2, Some(1.0));

        let without_1 = "\
RDBENCH row scale-10 scale 10 probes
RDBENCH loop scale-10 0 0 100 2200 -
RDBENCH row scale-all scale all probes
RDBENCH loop scale-all 0 0 100 8200 -
";
        let r = report(&format!("{BASE}{without_1}"));
        assert_eq!(loop_stats(&r, "scale-all").2, Some(7.0));
        assert_eq!(
            r.ratio_reference.get(&Group::Scale).map(String::as_str),
            Some("scale-10")
        );
    }

    #[test]
    fn no_ratio_without_a_positive_reference() {
        let input = format!(
            "{BASE}\
RDBENCH row rdtrace-null overhead null clause
RDBENCH loop rdtrace-null 0 0 100 1100 -
RDBENCH row kprobe-int3 overhead kprobe
RDBENCH loop kprobe-int3 0 0 100 16200 -
"
        );
        let r = report(&input);
        assert_eq!(loop_stats(&r, "rdtrace-null").1.median, -1.0);
        assert_eq!(loop_stats(&r, "kprobe-int3").2, None);
        assert!(r.ratio_reference.is_empty());
    }

    #[test]
    fn icount_mode_counts_instructions() {
        let r = report(&format!("RDBENCH meta mode icount\n{BASE}"));
        assert_eq!(r.unit, Unit::Insns);
    }

    #[test]
    fn durations_and_rates() {
        let input = "\
RDBENCH row setup-rdtrace-100 setup 100 probes
RDBENCH time setup-rdtrace-100 0 3000000
RDBENCH time setup-rdtrace-100 1 1000000
RDBENCH time setup-rdtrace-100 2 2500000
RDBENCH time setup-rdtrace-100 3 2000000
RDBENCH row tput-rdtrace throughput rdtrace
RDBENCH rate tput-rdtrace 0 900 100 500000000
RDBENCH rate tput-rdtrace 1 1000 0 500000000
RDBENCH rate tput-rdtrace 2 2000 - 1000000000
RDBENCH row tput-ftrace throughput ftrace
RDBENCH rate tput-ftrace 0 10 - 1000000000
";
        let r = report(input);
        assert_eq!(r.baseline_per_call, None);
        match &r.rows[0].stats {
            Some(RowStats::Duration { ms, .. }) => {
                assert_eq!((ms.min, ms.median, ms.max), (1.0, 2.25, 3.0))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.rows[0].samples, 4);
        match &r.rows[1].stats {
            Some(RowStats::Rate {
                records_per_s,
                drop_percent,
            }) => {
                assert_eq!(records_per_s.min, 1800.0);
                assert_eq!(records_per_s.median, 2000.0);
                assert_eq!(records_per_s.max, 2000.0);
                // 10% and 0%; the third sample does not know its drops.
                assert_eq!(*drop_percent, Some(5.0));
            }
            other => panic!("{other:?}"),
        }
        match &r.rows[2].stats {
            Some(RowStats::Rate { drop_percent, .. }) => assert_eq!(*drop_percent, None),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn loop_rows_need_the_baseline() {
        let bench =
            parse("RDBENCH row kprobe-int3 overhead k\nRDBENCH loop kprobe-int3 0 0 1 1 -\n")
                .unwrap();
        let err = analyze(&bench).unwrap_err().to_string();
        assert!(err.contains("row `none`"), "{err}");

        let bench = parse("RDBENCH row none overhead bare\n").unwrap();
        let err = analyze(&bench).unwrap_err().to_string();
        assert!(err.contains("has no samples"), "{err}");
    }

    #[test]
    fn rows_without_samples_have_no_stats() {
        let r = report(&format!(
            "{BASE}RDBENCH row bpftrace-kfunc overhead bpftrace\n"
        ));
        let row = r.rows.iter().find(|r| r.id == "bpftrace-kfunc").unwrap();
        assert_eq!((row.samples, &row.stats), (0, &None));
    }
}
