//! The text report: a header from the metadata, one table per group, notes.

use std::fmt::Write;

use crate::raw::Group;
use crate::report::{Report, RowReport, RowStats, Unit};
use crate::stats::Summary;
use crate::table::{Align, Table};

/// Metadata keys folded into the header line; others get a line each.
const HEADER_KEYS: [&str; 5] = ["mode", "cpus", "samples", "sample_ms", "kernel"];

pub fn render(report: &Report) -> String {
    let mut out = header(report);
    for group in report.groups() {
        out.push('\n');
        out.push_str(&group_table(report, group));
    }
    if !report.notes.is_empty() {
        out.push_str("\nNotes\n");
        for note in &report.notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    out
}

fn header(report: &Report) -> String {
    let mut parts = Vec::new();
    if let Some(mode) = report.meta("mode") {
        parts.push(format!("mode {mode}"));
    }
    if let Some(cpus) = report.meta("cpus") {
        let s = if cpus == "1" { "" } else { "s" };
        parts.push(format!("{cpus} CPU{s}"));
    }
    // The guest's sample count, else the baseline's (or the largest row's).
    let samples = report.meta("samples").map(str::to_owned).or_else(|| {
        report
            .rows
            .iter()
            .find(|r| r.is_baseline())
            .or_else(|| report.rows.iter().max_by_key(|r| r.samples))
            .map(|r| r.samples.to_string())
    });
    match (samples, report.meta("sample_ms")) {
        (Some(n), Some(ms)) => parts.push(format!("{n} samples × {ms} ms")),
        (Some(n), None) => parts.push(format!("{n} samples")),
        (None, Some(ms)) => parts.push(format!("samples of {ms} ms")),
        (None, None) => {}
    }
    if let Some(kernel) = report.meta("kernel") {
        parts.push(format!("kernel {kernel}"));
    }
    let mut out = String::from("rdtrace benchmark");
    if !parts.is_empty() {
        let _ = write!(out, " — {}", parts.join(", "));
    }
    out.push('\n');
    for (key, value) in &report.meta {
        if !HEADER_KEYS.contains(&key.as_str()) {
            let _ = writeln!(out, "{key}: {value}");
        }
    }
    out
}

fn group_table(report: &Report, group: Group) -> String {
    let rows: Vec<&RowReport> = report.rows_in(group).collect();
    let (title, table) = match group {
        Group::Overhead | Group::Scale => loop_table(report, group, &rows),
        Group::Setup | Group::Startup => duration_table(report.unit, group, &rows),
        Group::Syscall => {
            let (title, table) = duration_table(report.unit, group, &rows);
            return format!("{title}\n{}{}", table.render(), syscall_ratios(&rows));
        }
        Group::Throughput => rate_table(&rows),
    };
    format!("{title}\n{}", table.render())
}

fn loop_table(report: &Report, group: Group, rows: &[&RowReport]) -> (String, Table) {
    let unit = report.unit.name();
    let base = report.baseline_per_call.map_or(String::new(), |b| {
        format!(" (bare call {} {unit})", fixed1(b))
    });
    let title = match group {
        Group::Overhead => format!("Per-hit overhead over the bare call{base}"),
        _ => format!("Per-hit overhead by number of enabled probes{base}"),
    };
    let reference = report
        .ratio_reference
        .get(&group)
        .map_or("reference".to_owned(), |id| format!("× {id}"));
    let delta_header = format!("Δ {unit}/hit  min / median / max");
    let mut table = Table::new(&[
        (first_column(group), Align::Left),
        ("n", Align::Right),
        (&delta_header, Align::Right),
        (&reference, Align::Right),
    ]);
    // The baseline shows its per-call time: its delta is 0 by definition.
    let shown: Vec<Option<Summary>> = rows
        .iter()
        .map(|row| match &row.stats {
            Some(RowStats::Loop { per_call, .. }) if row.is_baseline() => Some(*per_call),
            Some(RowStats::Loop { delta, .. }) => Some(*delta),
            _ => None,
        })
        .collect();
    for (row, cell) in rows.iter().zip(summary_cells(&shown)) {
        let ratio = match &row.stats {
            _ if row.is_baseline() => "(per call)".to_owned(),
            Some(RowStats::Loop { ratio: Some(r), .. }) => format!("{r:.2}"),
            _ => "-".to_owned(),
        };
        table.row(vec![
            row.label.clone(),
            row.samples.to_string(),
            cell,
            ratio,
        ]);
    }
    (title, table)
}

fn duration_table(unit: Unit, group: Group, rows: &[&RowReport]) -> (String, Table) {
    // Under -icount the setup rows count the instructions run while busy
    // (scale.sh): a virtual millisecond is a million of them.
    let (title, column) = match (group, unit) {
        (Group::Setup, Unit::Insns) => (
            "Setup work: guest instructions run while the CPU is busy (idle and I/O waits left out)",
            "M insns  min / median / max",
        ),
        (Group::Setup, Unit::Ns) => ("Setup time", "ms  min / median / max"),
        (Group::Syscall, _) => (
            "System-call tracing: 1,000,000 getppid calls (ms, = ns per call), one other process traced",
            "ms  min / median / max",
        ),
        _ => ("Startup time", "ms  min / median / max"),
    };
    let paired: Vec<Option<Summary>> = rows
        .iter()
        .map(|row| match &row.stats {
            Some(RowStats::Duration { tracefs_ratio, .. }) => *tracefs_ratio,
            _ => None,
        })
        .collect();
    let with_pairs = paired.iter().any(Option::is_some);
    let mut columns = vec![
        (first_column(group), Align::Left),
        ("n", Align::Right),
        (column, Align::Right),
    ];
    if with_pairs {
        columns.push(("× tracefs by pair  min / median / max", Align::Right));
    }
    let mut table = Table::new(&columns);
    let shown: Vec<Option<Summary>> = rows
        .iter()
        .map(|row| match &row.stats {
            Some(RowStats::Duration { ms, .. }) => Some(*ms),
            _ => None,
        })
        .collect();
    for ((row, cell), pair) in rows.iter().zip(summary_cells(&shown)).zip(&paired) {
        let mut cells = vec![row.label.clone(), row.samples.to_string(), cell];
        if with_pairs {
            cells.push(pair.map_or(String::new(), |p| {
                format!("{:.2} / {:.2} / {:.2}", p.min, p.median, p.max)
            }));
        }
        table.row(cells);
    }
    (title.to_owned(), table)
}

/// rdtrace's added time per call beside bpftrace's and strace's (the
/// issue's targets: at most 1.1x bpftrace's and 0.1x strace's).
fn syscall_ratios(rows: &[&RowReport]) -> String {
    let median = |id: &str| {
        rows.iter()
            .find(|r| r.id == id)
            .and_then(|r| match &r.stats {
                Some(RowStats::Duration { ms, .. }) => Some(ms.median),
                _ => None,
            })
    };
    let (Some(bare), Some(rd)) = (median("syscall-bare"), median("syscall-rdtrace")) else {
        return String::new();
    };
    let added = rd - bare;
    let mut out = format!("rdtrace adds {} ns per call", fixed1(added));
    for (id, what) in [
        ("syscall-bpftrace-raw", "bpftrace raw_syscalls:sys_enter"),
        (
            "syscall-bpftrace-getppid",
            "bpftrace syscalls:sys_enter_getppid",
        ),
        ("syscall-strace", "strace -f"),
    ] {
        if let Some(m) = median(id) {
            let other = m - bare;
            if other > 0.0 {
                out += &format!("; {:.2}x {what}'s {}", added / other, fixed1(other));
            }
        }
    }
    out + "\n"
}

fn rate_table(rows: &[&RowReport]) -> (String, Table) {
    let mut table = Table::new(&[
        (first_column(Group::Throughput), Align::Left),
        ("n", Align::Right),
        ("records/s  median (min–max)", Align::Right),
        ("drop %", Align::Right),
    ]);
    for row in rows {
        let (rate, drops) = match &row.stats {
            Some(RowStats::Rate {
                records_per_s: r,
                drop_percent,
            }) => (
                format!("{} ({}–{})", si(r.median), si(r.min), si(r.max)),
                drop_percent.map_or("-".to_owned(), |d| format!("{d:.2}")),
            ),
            _ => ("no samples".to_owned(), String::new()),
        };
        table.row(vec![
            row.label.clone(),
            row.samples.to_string(),
            rate,
            drops,
        ]);
    }
    (
        "Throughput: records delivered to the consumer".to_owned(),
        table,
    )
}

fn first_column(group: Group) -> &'static str {
    match group {
        Group::Overhead => "mechanism",
        Group::Scale => "probes enabled",
        Group::Setup | Group::Startup => "what",
        Group::Syscall => "getppid loop run",
        Group::Throughput => "consumer",
    }
}

/// "min / median / max" cells whose numbers line up across rows;
/// "no samples" for rows without.
fn summary_cells(summaries: &[Option<Summary>]) -> Vec<String> {
    let texts: Vec<Option<[String; 3]>> = summaries
        .iter()
        .map(|s| s.map(|s| [s.min, s.median, s.max].map(fixed1)))
        .collect();
    let width = |i: usize| {
        texts
            .iter()
            .flatten()
            .map(|t| t[i].len())
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (width(0), width(1), width(2));
    texts
        .into_iter()
        .map(|t| match t {
            Some([a, b, c]) => format!("{a:>w0$} / {b:>w1$} / {c:>w2$}"),
            None => "no samples".to_owned(),
        })
        .collect()
}

/// One decimal, without a "-0.0".
fn fixed1(v: f64) -> String {
    match format!("{v:.1}") {
        s if s == "-0.0" => "0.0".to_owned(),
        s => s,
    }
}

/// Three significant digits with a k/M/G suffix.
fn si(v: f64) -> String {
    let (scaled, suffix) = [(1e9, "G"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|&(unit, _)| v >= unit)
        .map_or((v, ""), |(unit, suffix)| (v / unit, suffix));
    let decimals = match scaled {
        s if s >= 100.0 => 0,
        s if s >= 10.0 => 1,
        _ => 2,
    };
    format!("{scaled:.decimals$}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syscall_rows_say_rdtraces_added_time_beside_the_others() {
        let raw = "RDBENCH row syscall-bare syscall no tracer
RDBENCH row syscall-rdtrace syscall rdtrace
RDBENCH row syscall-bpftrace-raw syscall bpftrace raw
RDBENCH row syscall-strace syscall strace
RDBENCH time syscall-bare 1 300000000
RDBENCH time syscall-rdtrace 1 800000000
RDBENCH time syscall-bpftrace-raw 1 700000000
RDBENCH time syscall-strace 1 50300000000
";
        let report = crate::analyze::analyze(&crate::raw::parse(raw).unwrap()).unwrap();
        let text = render(&report);
        assert!(
            text.contains("System-call tracing: 1,000,000 getppid calls"),
            "{text}"
        );
        assert!(
            text.contains("rdtrace adds 500.0 ns per call; 1.25x bpftrace raw_syscalls:sys_enter's 400.0; 0.01x strace -f's 50000.0"),
            "{text}"
        );
    }

    #[test]
    fn number_formats() {
        assert_eq!(fixed1(-0.04), "0.0");
        assert_eq!(fixed1(-1.26), "-1.3");
        assert_eq!(si(1_234_567.0), "1.23M");
        assert_eq!(si(45_600.0), "45.6k");
        assert_eq!(si(999.0), "999");
        assert_eq!(si(2.5e9), "2.50G");
    }

    #[test]
    fn summary_cells_line_up() {
        let s = |a, b, c| {
            Some(Summary {
                min: a,
                median: b,
                max: c,
            })
        };
        let cells = summary_cells(&[s(1.0, 2.0, 3.0), None, s(-0.5, 120.26, 1000.0)]);
        assert_eq!(
            cells,
            [
                " 1.0 /   2.0 /    3.0",
                "no samples",
                "-0.5 / 120.3 / 1000.0"
            ]
        );
    }
}
