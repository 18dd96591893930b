//! The JSON form of a [`Report`].

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::report::{Report, RowReport, RowStats};
use crate::stats::Summary;

#[derive(Serialize)]
struct JsonReport<'a> {
    /// An object, in the order the guest printed the keys.
    #[serde(serialize_with = "ordered_map")]
    meta: &'a [(String, String)],
    unit: &'static str,
    baseline_per_call: Option<f64>,
    rows: Vec<JsonRow<'a>>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    group: &'static str,
    label: &'a str,
    samples: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    delta: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ratio: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    per_call_median: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ms: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tracefs_ratio: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    records_per_s: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    drop_percent: Option<f64>,
}

impl<'a> JsonRow<'a> {
    fn new(row: &'a RowReport) -> JsonRow<'a> {
        let mut json = JsonRow {
            id: &row.id,
            group: row.group.name(),
            label: &row.label,
            samples: row.samples,
            delta: None,
            ratio: None,
            per_call_median: None,
            ms: None,
            tracefs_ratio: None,
            records_per_s: None,
            drop_percent: None,
        };
        match &row.stats {
            Some(RowStats::Loop {
                per_call,
                delta,
                ratio,
            }) => {
                json.delta = Some(*delta);
                json.ratio = *ratio;
                json.per_call_median = Some(per_call.median);
            }
            Some(RowStats::Duration { ms, tracefs_ratio }) => {
                json.ms = Some(*ms);
                json.tracefs_ratio = *tracefs_ratio;
            }
            Some(RowStats::Rate {
                records_per_s,
                drop_percent,
            }) => {
                json.records_per_s = Some(*records_per_s);
                json.drop_percent = *drop_percent;
            }
            None => {}
        }
        json
    }
}

fn ordered_map<S: Serializer>(pairs: &&[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (key, value) in pairs.iter() {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Pretty-printed JSON, with a final newline.
pub fn render(report: &Report) -> String {
    let json = JsonReport {
        meta: &report.meta,
        unit: report.unit.name(),
        baseline_per_call: report.baseline_per_call,
        rows: report.rows.iter().map(JsonRow::new).collect(),
        notes: &report.notes,
    };
    let mut text = serde_json::to_string_pretty(&json).expect("a report always serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::analyze;
    use crate::raw::parse;

    #[test]
    fn fields_by_group_and_meta_in_input_order() {
        let input = "\
RDBENCH meta mode time
RDBENCH meta cpus 2
RDBENCH meta date 2025-01-01
RDBENCH row none overhead bare call
RDBENCH loop none 0 0 100 1200 -
RDBENCH row setup-rdtrace-100 setup setup
RDBENCH time setup-rdtrace-100 0 1500000
RDBENCH row tput-ftrace throughput ftrace
RDBENCH rate tput-ftrace 0 10 - 1000000000
RDBENCH note hello
";
        let report = analyze(&parse(input).unwrap()).unwrap();
        let text = render(&report);
        assert!(text.find("\"mode\"").unwrap() < text.find("\"date\"").unwrap());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["unit"], "ns");
        assert_eq!(v["baseline_per_call"], 12.0);
        assert_eq!(v["meta"]["cpus"], "2");
        assert_eq!(v["notes"][0], "hello");
        let none = &v["rows"][0];
        assert_eq!(none["per_call_median"], 12.0);
        assert_eq!(none["delta"]["median"], 0.0);
        assert!(none.get("ratio").is_none());
        assert!(none.get("ms").is_none());
        assert_eq!(v["rows"][1]["ms"]["median"], 1.5);
        assert_eq!(v["rows"][2]["records_per_s"]["max"], 10.0);
        assert!(v["rows"][2].get("drop_percent").is_none());
    }
}
